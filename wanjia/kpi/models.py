"""KPI summaries: the tables the dashboards read. A row holds the KPI's numerator and denominator over every
source record **in the unit's whole subtree** (a county's row counts its stations' records), so a unit's
figure over a period is a sum over that one unit's rows, at any level of the tree.

- `MonthlySummary`: one row per (unit, KPI, month, breakdown), for every unit.
- `DailySummary`: one row per (unit, KPI, day, breakdown), only for units at or above the daily floor
  (`settings.WANJIA_SUMMARY_DAILY_FLOOR`, counties by default, in `org.UnitKind`'s order).

Why the floor: a daily row pays off where it sums many records. With 1M repair orders over three years
(`bench/kpi_dashboard.py --scale 0.1`) the province's day holds about 900 orders and a county's about ten,
but a station's between two and three: its daily rows were about one row per record, 70% of the daily
table (2.8M of 4.1M rows), and summarised nothing. So a station reads a period's whole months from its
monthly rows and the part months at the period's edges from its subtree's own records, through the
(station, day) indexes of the source tables: a few dozen records, where its daily rows would be as many.

The rows are derived data: `services.recompute` rewrites them from the source tables with set-based SQL."""
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
    """The rows of one day, for units at or above the daily floor only (see the module docstring)."""

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
    """The rows of one calendar month (`month` is its first day), for every unit: at or above the daily floor
    the sums of the unit's daily rows, below it the sums of its subtree's source records."""

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
