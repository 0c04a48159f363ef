"""Daily summary rows: the only table the dashboards read. One row per (unit, KPI, day, breakdown) holds the
KPI's numerator and denominator for every source record of that day **in the unit's whole subtree** (a
county's row counts its stations' records). So a unit's figure over any period is a sum over that one unit's
rows, at any level of the tree, and a province-wide year is a few thousand rows, not millions. The rows are
derived data: `services.recompute` rewrites them from the source tables with set-based SQL."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class Summary(models.Model):
    """What the daily and monthly rows share: whose subtree, which KPI and part, and the two sums."""

    # No index of its own: the unique key of each table leads with the unit.
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+",
                             db_index=False)
    kpi_code = models.CharField(_("指标代码"), max_length=48)
    # A sub-division of the KPI (a customer class, a connection stage); "" where the KPI has none.
    breakdown = models.CharField(_("分项"), max_length=32, blank=True, default="")
    numerator = models.FloatField(_("分子"), default=0)
    denominator = models.FloatField(_("分母"), default=0)

    scope_path = "unit"
    objects = ScopedManager()
    # Derived data, rewritten by every recompute: the source records carry the audit trail.
    audit_exempt = True

    class Meta:
        abstract = True


class DailySummary(Summary):
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("指标日汇总")
        verbose_name_plural = _("指标日汇总")
        constraints = [
            # Also the index every dashboard query uses: unit = ?, kpi_code IN (...), day BETWEEN ? AND ?.
            # On PostgreSQL it carries numerator and denominator too (migration 0002), for index-only reads.
            models.UniqueConstraint(fields=["unit", "kpi_code", "day", "breakdown"], name="kpi_daily_key"),
        ]
        indexes = [models.Index(fields=["kpi_code", "day"], name="kpi_daily_code_day")]

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.unit_id} {self.day}"


class MonthlySummary(Summary):
    """The daily rows summed per calendar month (`month` is the month's first day)."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("指标月汇总")
        verbose_name_plural = _("指标月汇总")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kpi_code", "month", "breakdown"], name="kpi_monthly_key"),
        ]
        indexes = [models.Index(fields=["kpi_code", "month"], name="kpi_monthly_code_month")]

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.unit_id} {self.month:%Y-%m}"


class StaleKey(models.Model):
    """A (KPI, unit, day) whose summary rows a write made stale, noted in the writer's own transaction and
    folded into the summaries by a worker (`services.summaries_fold`). Append-only on the write path: no
    unique key and no foreign-key check, so noting one never waits for another writer's lock; the fold reads
    the distinct keys and deletes the rows it folded."""

    kpi_code = models.CharField(max_length=48)
    unit = models.ForeignKey(Unit, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    day = models.DateField()
    noted_at = models.DateTimeField(default=timezone.now)

    audit_exempt = True

    class Meta:
        verbose_name = _("待更新指标汇总")
        verbose_name_plural = _("待更新指标汇总")

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.unit_id} {self.day}"
