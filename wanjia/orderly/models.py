"""Orderly power use (有序用電): customers' load data by policy tier, forecast supply gaps and their warning
levels, and curtailment plans (who sheds what, period by period) with their compliance records.

The tiers, warning levels, measures and the notice period are data with their sources (data migration
0002), so an administrator can read where a rule came from and change it when the rule changes."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.core.models import Event
from wanjia.customers.models import Customer, CustomerClass
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager

NON_NEGATIVE = [MinValueValidator(0)]


class PolicyTier(models.Model):
    """A policy tier of the national rules. Lower `priority` sheds first; protected tiers never shed."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=50)
    priority = models.PositiveSmallIntegerField(_("限電順序"), unique=True, help_text=_("數字小者先限;保障類不參與。"))
    is_protected = models.BooleanField(_("優先保障"), default=False, help_text=_("保障類客戶的負荷從不壓減。"))
    description = models.TextField(_("範圍"), blank=True)
    source = models.TextField(_("依據"))

    class Meta:
        verbose_name = _("有序用電類別")
        verbose_name_plural = _("有序用電類別")
        ordering = ["priority"]

    def __str__(self) -> str:
        return self.name


class ShiftOption(models.Model):
    """A shift a customer can move production to (錯峰): night shift, weekends, ..."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=50)
    description = models.CharField(_("說明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("可轉移班次")
        verbose_name_plural = _("可轉移班次")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class LoadProfile(models.Model):
    """A non-resident customer's load data for orderly power use (kW)."""

    customer = models.OneToOneField(Customer, verbose_name=_("客戶"), on_delete=models.CASCADE,
                                    related_name="load_profile")
    tier = models.ForeignKey(PolicyTier, verbose_name=_("有序用電類別"), on_delete=models.PROTECT,
                             related_name="profiles")
    contracted_capacity_kw = models.FloatField(_("合同容量(kW)"), validators=NON_NEGATIVE)
    peak_load_kw = models.FloatField(_("典型最大負荷(kW)"), validators=NON_NEGATIVE)
    security_load_kw = models.FloatField(_("保安負荷(kW)"), validators=NON_NEGATIVE,
                                         help_text=_("停電會危及人身或設備安全的負荷,任何情況下不壓減。"))
    curtailable_load_kw = models.FloatField(_("可壓減負荷(kW)"), validators=NON_NEGATIVE)
    shifts = models.ManyToManyField(ShiftOption, verbose_name=_("可轉移班次"), blank=True, related_name="profiles")
    contact = models.CharField(_("用電聯繫人"), max_length=50, blank=True)
    note = models.CharField(_("備註"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    scope_path = "customer__station"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("客戶負荷檔案")
        verbose_name_plural = _("客戶負荷檔案")
        ordering = ["tier__priority", "customer__account_number"]

    def __str__(self) -> str:
        return str(self.customer)

    def clean(self):
        errors = {}
        if self.customer_id and self.customer.customer_class == CustomerClass.RESIDENT:
            errors["customer"] = _("居民用電屬優先保障範圍,不建負荷檔案。")
        values = [self.contracted_capacity_kw, self.peak_load_kw, self.security_load_kw, self.curtailable_load_kw]
        if None not in values and min(values) >= 0:
            if self.peak_load_kw > self.contracted_capacity_kw:
                errors["peak_load_kw"] = _("典型最大負荷不能超過合同容量。")
            if self.security_load_kw > self.contracted_capacity_kw:
                errors["security_load_kw"] = _("保安負荷不能超過合同容量。")
            elif self.security_load_kw > self.peak_load_kw:
                errors["security_load_kw"] = _("保安負荷不能超過典型最大負荷。")
            if self.curtailable_load_kw + self.security_load_kw > self.peak_load_kw + 1e-9:
                errors["curtailable_load_kw"] = _("可壓減負荷加保安負荷不能超過典型最大負荷。")
        if self.tier_id and self.customer_id and self.customer.is_protected_load and not self.tier.is_protected:
            errors["tier"] = _("該客戶是重要/保障負荷,只能列入優先保障類別。")
        if self.tier_id and self.tier.is_protected and self.curtailable_load_kw:
            errors["curtailable_load_kw"] = _("優先保障類客戶的可壓減負荷應為 0。")
        if errors:
            raise ValidationError(errors)


class Measure(models.Model):
    """A measure of orderly power use, in the order the rules allow them (錯峰, 避峰, 限電, 拉閘 last)."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=20)
    order = models.PositiveSmallIntegerField(_("採用順序"), unique=True)
    description = models.CharField(_("說明"), max_length=200, blank=True)
    source = models.TextField(_("依據"))

    class Meta:
        verbose_name = _("有序用電措施")
        verbose_name_plural = _("有序用電措施")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class WarningLevel(models.Model):
    """A warning signal by the gap's share of the period's maximum demand. A gap share strictly above
    `share_above` (and not above a more severe level's) has this level: a share exactly on a boundary takes
    the less severe level, as "red: above 20%" reads."""

    code = models.SlugField(_("代碼"), max_length=20, unique=True)
    name = models.CharField(_("名稱"), max_length=20)
    grade = models.CharField(_("級別"), max_length=8, help_text=_("I、II、III、IV"))
    color = models.CharField(_("顏色"), max_length=7, help_text=_("#RRGGBB"))
    share_above = models.DecimalField(_("缺口比例大於"), max_digits=5, decimal_places=4, unique=True,
                                      validators=[MinValueValidator(0), MaxValueValidator(1)])
    measures = models.ManyToManyField(Measure, verbose_name=_("可採取的措施"), related_name="levels")
    source = models.TextField(_("依據"))

    class Meta:
        verbose_name = _("預警等級")
        verbose_name_plural = _("預警等級")
        ordering = ["-share_above"]

    def __str__(self) -> str:
        return f"{self.name}({self.grade})"


class OrderlyPolicy(models.Model):
    """Notice period and rotation window. Exactly one is active."""

    name = models.CharField(_("名稱"), max_length=100)
    notice_hours = models.PositiveIntegerField(_("提前通知(小時)"),
                                               help_text=_("方案發布(通知客戶)最遲在首個時段開始前這麼多小時。"))
    rotation_window_days = models.PositiveIntegerField(
        _("輪休統計天數"), help_text=_("計算輪休負擔時回看已發布方案的天數。"))
    source = models.TextField(_("依據"))
    is_active = models.BooleanField(_("當前生效"), default=False)

    class Meta:
        verbose_name = _("有序用電規則")
        verbose_name_plural = _("有序用電規則")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_orderly_policy")]

    def __str__(self) -> str:
        return self.name


class ShortageForecast(models.Model):
    """A forecast supply gap for an area (unit) in one period. Its warning level is computed, not stored."""

    unit = models.ForeignKey(Unit, verbose_name=_("區域(單位)"), on_delete=models.PROTECT,
                             related_name="shortage_forecasts")
    start = models.DateTimeField(_("開始"))
    end = models.DateTimeField(_("結束"))
    max_demand_kw = models.FloatField(_("時段最大需求(kW)"), validators=[MinValueValidator(0.001)])
    gap_kw = models.FloatField(_("預計缺口(kW)"), validators=NON_NEGATIVE)
    note = models.CharField(_("說明"), max_length=200, blank=True)
    created_by = models.ForeignKey("org.User", verbose_name=_("錄入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("錄入時間"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("供電缺口預測")
        verbose_name_plural = _("供電缺口預測")
        ordering = ["unit__path", "start"]
        indexes = [models.Index(fields=["unit", "start"], name="forecast_unit_start_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.start:%Y-%m-%d %H:%M}"

    @property
    def share(self) -> float:
        return self.gap_kw / self.max_demand_kw if self.max_demand_kw else 0.0

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("結束時間必須晚於開始時間。")
        if (self.gap_kw is not None and self.max_demand_kw is not None and self.gap_kw >= 0
                and self.gap_kw > self.max_demand_kw):
            errors["gap_kw"] = _("缺口不能大於時段最大需求。")
        if not errors and self.unit_id and self.start and self.end:
            overlap = ShortageForecast.objects.filter(unit_id=self.unit_id, start__lt=self.end, end__gt=self.start)
            clash = overlap.exclude(pk=self.pk).first()
            if clash:
                errors["start"] = _("與已有時段 %(s)s–%(e)s 重疊。") % {
                    "s": f"{clash.start:%m-%d %H:%M}", "e": f"{clash.end:%H:%M}"}
        if errors:
            raise ValidationError(errors)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已審批")
    PUBLISHED = "published", _("已發布")
    CLOSED = "closed", _("已結束")


class CurtailmentPlan(models.Model):
    """Who sheds what, period by period, for an area's forecast gaps between two dates."""

    TRANSITIONS = {
        PlanStatus.DRAFT: {PlanStatus.APPROVED},
        PlanStatus.APPROVED: {PlanStatus.PUBLISHED, PlanStatus.DRAFT},
        PlanStatus.PUBLISHED: {PlanStatus.CLOSED},
        PlanStatus.CLOSED: set(),
    }

    unit = models.ForeignKey(Unit, verbose_name=_("區域(單位)"), on_delete=models.PROTECT,
                             related_name="curtailment_plans")
    title = models.CharField(_("方案名稱"), max_length=100)
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("結束日期"))
    status = models.CharField(_("狀態"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)
    target_kwh = models.FloatField(_("目標壓減電量(kWh)"), default=0)
    planned_kwh = models.FloatField(_("安排壓減電量(kWh)"), default=0)
    shortfall_kwh = models.FloatField(_("無法滿足的缺口(kWh)"), default=0,
                                      help_text=_("不動用保障類和保安負荷就無法覆蓋的缺口。"))
    solve_seconds = models.FloatField(_("求解用時(秒)"), default=0)
    published_at = models.DateTimeField(_("發布時間"), null=True, blank=True)
    created_by = models.ForeignKey("org.User", verbose_name=_("編制人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("編制時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("有序用電方案")
        verbose_name_plural = _("有序用電方案")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_feasible(self) -> bool:
        return self.shortfall_kwh <= 1e-6

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("結束日期不能早於開始日期。")})


class PlanPeriod(models.Model):
    plan = models.ForeignKey(CurtailmentPlan, on_delete=models.CASCADE, related_name="periods")
    forecast = models.ForeignKey(ShortageForecast, verbose_name=_("缺口預測"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    start = models.DateTimeField(_("開始"))
    end = models.DateTimeField(_("結束"))
    max_demand_kw = models.FloatField(_("時段最大需求(kW)"))
    gap_kw = models.FloatField(_("缺口(kW)"))
    planned_kw = models.FloatField(_("安排壓減(kW)"))
    shortfall_kw = models.FloatField(_("無法滿足(kW)"))

    scope_path = "plan__unit"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("方案時段")
        verbose_name_plural = _("方案時段")
        ordering = ["start"]

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class Allocation(models.Model):
    """One customer's curtailment in one period of a plan, and afterwards what it actually did."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="allocations")
    profile = models.ForeignKey(LoadProfile, verbose_name=_("客戶負荷檔案"), on_delete=models.PROTECT,
                                related_name="allocations")
    tier = models.ForeignKey(PolicyTier, verbose_name=_("類別"), on_delete=models.PROTECT, related_name="+")
    shed_kw = models.FloatField(_("壓減負荷(kW)"), validators=NON_NEGATIVE)
    baseline_kw = models.FloatField(_("基準負荷(kW)"), help_text=_("編制時的典型最大負荷。"))
    measured_load_kw = models.FloatField(_("實測負荷(kW)"), null=True, blank=True, validators=NON_NEGATIVE)
    measured_at = models.DateTimeField(_("記錄時間"), null=True, blank=True)

    scope_path = "period__plan__unit"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("壓減安排")
        verbose_name_plural = _("壓減安排")
        constraints = [models.UniqueConstraint(fields=["period", "profile"], name="one_allocation_per_period")]

    @property
    def load_limit_kw(self) -> float:
        return self.baseline_kw - self.shed_kw

    @property
    def achieved_kw(self) -> float | None:
        return None if self.measured_load_kw is None else max(0.0, self.baseline_kw - self.measured_load_kw)

    @property
    def complied(self) -> bool | None:
        return None if self.measured_load_kw is None else self.measured_load_kw <= self.load_limit_kw + 1e-6


class PlanEvent(Event):
    plan = models.ForeignKey(CurtailmentPlan, on_delete=models.CASCADE, related_name="events")

    scope_path = "plan__unit"
    objects = ScopedManager()

    class Meta(Event.Meta):
        verbose_name = _("方案事件")
        verbose_name_plural = _("方案事件")
