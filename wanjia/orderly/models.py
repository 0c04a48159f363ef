"""Orderly power use (有序用电): customers' load data by policy tier, forecast supply gaps and their warning
levels, and curtailment plans (who sheds what, period by period) with their compliance records.

The tiers, warning levels, measures and the notice period are data with their sources (data migration
0002), so an administrator can read where a rule came from and change it when the rule changes."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import Event
from wanjia.customers.models import Customer, CustomerClass
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager

NON_NEGATIVE = [MinValueValidator(0)]


class PolicyTier(models.Model):
    """A policy tier of the national rules. Lower `priority` sheds first; protected tiers never shed."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    priority = models.PositiveSmallIntegerField(_("限电顺序"), unique=True, help_text=_("数字小者先限;保障类不参与。"))
    is_protected = models.BooleanField(_("优先保障"), default=False, help_text=_("保障类客户的负荷从不压减。"))
    description = models.TextField(_("范围"), blank=True)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("有序用电类别")
        verbose_name_plural = _("有序用电类别")
        ordering = ["priority"]

    def __str__(self) -> str:
        return self.name


class ShiftOption(models.Model):
    """A shift a customer can move production to (错峰): night shift, weekends, ..."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("可转移班次")
        verbose_name_plural = _("可转移班次")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class LoadProfile(models.Model):
    """A non-resident customer's load data for orderly power use (kW)."""

    customer = models.OneToOneField(Customer, verbose_name=_("客户"), on_delete=models.CASCADE,
                                    related_name="load_profile")
    tier = models.ForeignKey(PolicyTier, verbose_name=_("有序用电类别"), on_delete=models.PROTECT,
                             related_name="profiles")
    contracted_capacity_kw = models.FloatField(_("合同容量(kW)"), validators=NON_NEGATIVE)
    peak_load_kw = models.FloatField(_("典型最大负荷(kW)"), validators=NON_NEGATIVE)
    security_load_kw = models.FloatField(_("保安负荷(kW)"), validators=NON_NEGATIVE,
                                         help_text=_("停电会危及人身或设备安全的负荷,任何情况下不压减。"))
    curtailable_load_kw = models.FloatField(_("可压减负荷(kW)"), validators=NON_NEGATIVE)
    shifts = models.ManyToManyField(ShiftOption, verbose_name=_("可转移班次"), blank=True, related_name="profiles")
    contact = models.CharField(_("用电联系人"), max_length=50, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "customer__station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户负荷档案")
        verbose_name_plural = _("客户负荷档案")
        ordering = ["tier__priority", "customer__account_number"]

    def __str__(self) -> str:
        return str(self.customer)

    def clean(self):
        errors = {}
        if self.customer_id and self.customer.customer_class == CustomerClass.RESIDENT:
            errors["customer"] = _("居民用电属优先保障范围,不建负荷档案。")
        values = [self.contracted_capacity_kw, self.peak_load_kw, self.security_load_kw, self.curtailable_load_kw]
        if None not in values and min(values) >= 0:
            if self.peak_load_kw > self.contracted_capacity_kw:
                errors["peak_load_kw"] = _("典型最大负荷不能超过合同容量。")
            if self.security_load_kw > self.contracted_capacity_kw:
                errors["security_load_kw"] = _("保安负荷不能超过合同容量。")
            elif self.security_load_kw > self.peak_load_kw:
                errors["security_load_kw"] = _("保安负荷不能超过典型最大负荷。")
            if self.curtailable_load_kw + self.security_load_kw > self.peak_load_kw + 1e-9:
                errors["curtailable_load_kw"] = _("可压减负荷加保安负荷不能超过典型最大负荷。")
        if self.tier_id and self.customer_id and self.customer.is_protected_load and not self.tier.is_protected:
            errors["tier"] = _("该客户是重要/保障负荷,只能列入优先保障类别。")
        if self.tier_id and self.tier.is_protected and self.curtailable_load_kw:
            errors["curtailable_load_kw"] = _("优先保障类客户的可压减负荷应为 0。")
        if errors:
            raise ValidationError(errors)


class Measure(models.Model):
    """A measure of orderly power use, in the order the rules allow them (错峰, 避峰, 限电, 拉闸 last)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    order = models.PositiveSmallIntegerField(_("采用顺序"), unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("有序用电措施")
        verbose_name_plural = _("有序用电措施")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class WarningLevel(models.Model):
    """A warning signal by the gap's share of the period's maximum demand. A gap share strictly above
    `share_above` (and not above a more severe level's) has this level: a share exactly on a boundary takes
    the less severe level, as "red: above 20%" reads."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    grade = models.CharField(_("级别"), max_length=8, help_text=_("I、II、III、IV"))
    color = models.CharField(_("颜色"), max_length=7, help_text=_("#RRGGBB"))
    share_above = models.DecimalField(_("缺口比例大于"), max_digits=5, decimal_places=4, unique=True,
                                      validators=[MinValueValidator(0), MaxValueValidator(1)])
    measures = models.ManyToManyField(Measure, verbose_name=_("可采取的措施"), related_name="levels")
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预警等级")
        verbose_name_plural = _("预警等级")
        ordering = ["-share_above"]

    def __str__(self) -> str:
        return f"{self.name}({self.grade})"


class OrderlyPolicy(models.Model):
    """Notice period and rotation window. Exactly one is active."""

    name = models.CharField(_("名称"), max_length=100)
    notice_hours = models.PositiveIntegerField(_("提前通知(小时)"),
                                               help_text=_("方案发布(通知客户)最迟在首个时段开始前这么多小时。"))
    rotation_window_days = models.PositiveIntegerField(
        _("轮休统计天数"), help_text=_("计算轮休负担时回看已发布方案的天数。"))
    source = models.TextField(_("依据"))
    is_active = models.BooleanField(_("当前生效"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("有序用电规则")
        verbose_name_plural = _("有序用电规则")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_orderly_policy")]

    def __str__(self) -> str:
        return self.name


class ShortageForecast(models.Model):
    """A forecast supply gap for an area (unit) in one period. Its warning level is computed, not stored."""

    unit = models.ForeignKey(Unit, verbose_name=_("区域(单位)"), on_delete=models.PROTECT,
                             related_name="shortage_forecasts")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    max_demand_kw = models.FloatField(_("时段最大需求(kW)"), validators=[MinValueValidator(0.001)])
    gap_kw = models.FloatField(_("预计缺口(kW)"), validators=NON_NEGATIVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey("org.User", verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("供电缺口预测")
        verbose_name_plural = _("供电缺口预测")
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
            errors["end"] = _("结束时间必须晚于开始时间。")
        if (self.gap_kw is not None and self.max_demand_kw is not None and self.gap_kw >= 0
                and self.gap_kw > self.max_demand_kw):
            errors["gap_kw"] = _("缺口不能大于时段最大需求。")
        if not errors and self.unit_id and self.start and self.end:
            overlap = ShortageForecast.objects.filter(unit_id=self.unit_id, start__lt=self.end, end__gt=self.start)
            clash = overlap.exclude(pk=self.pk).first()
            if clash:
                errors["start"] = _("与已有时段 %(s)s–%(e)s 重叠。") % {
                    "s": f"{clash.start:%m-%d %H:%M}", "e": f"{clash.end:%H:%M}"}
        if errors:
            raise ValidationError(errors)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审批")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class CurtailmentPlan(models.Model):
    """Who sheds what, period by period, for an area's forecast gaps between two dates."""

    TRANSITIONS = {
        PlanStatus.DRAFT: {PlanStatus.APPROVED},
        PlanStatus.APPROVED: {PlanStatus.PUBLISHED, PlanStatus.DRAFT},
        PlanStatus.PUBLISHED: {PlanStatus.CLOSED},
        PlanStatus.CLOSED: set(),
    }

    unit = models.ForeignKey(Unit, verbose_name=_("区域(单位)"), on_delete=models.PROTECT,
                             related_name="curtailment_plans")
    title = models.CharField(_("方案名称"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              db_index=True)
    target_kwh = models.FloatField(_("目标压减电量(kWh)"), default=0)
    planned_kwh = models.FloatField(_("安排压减电量(kWh)"), default=0)
    shortfall_kwh = models.FloatField(_("无法满足的缺口(kWh)"), default=0,
                                      help_text=_("不动用保障类和保安负荷就无法覆盖的缺口。"))
    solve_seconds = models.FloatField(_("求解用时(秒)"), default=0)
    # What the solver could not see, found when the plan was solved: {"left_out": [[account, name], …],
    # "left_out_count": n, "missing_hours": {"YYYY-MM-DD": [hour, …]}}. Approval needs it acknowledged.
    gaps = models.JSONField(_("数据缺漏"), default=dict, blank=True,
                            help_text=_("编制时发现:没有负荷档案而未参与安排的非居民客户;预测缺少的小时。"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey("org.User", verbose_name=_("编制人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("编制时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("有序用电方案")
        verbose_name_plural = _("有序用电方案")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_feasible(self) -> bool:
        return self.shortfall_kwh <= 1e-6

    @property
    def left_out(self) -> list:
        return self.gaps.get("left_out", [])

    @property
    def left_out_count(self) -> int:
        return self.gaps.get("left_out_count", 0)

    @property
    def missing_hours(self) -> dict:
        return self.gaps.get("missing_hours", {})

    @property
    def missing_hour_ranges(self) -> dict[str, str]:
        """{day: "0–9、12–23"}: the missing hours as runs, for people to read."""
        shown = {}
        for day, hours in self.missing_hours.items():
            runs: list[list[int]] = []
            for h in hours:
                if runs and h == runs[-1][-1] + 1:
                    runs[-1].append(h)
                else:
                    runs.append([h])
            shown[day] = "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
        return shown

    @property
    def has_gaps(self) -> bool:
        return bool(self.left_out_count or self.missing_hours)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class PlanPeriod(models.Model):
    plan = models.ForeignKey(CurtailmentPlan, on_delete=models.CASCADE, related_name="periods")
    forecast = models.ForeignKey(ShortageForecast, verbose_name=_("缺口预测"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    max_demand_kw = models.FloatField(_("时段最大需求(kW)"))
    gap_kw = models.FloatField(_("缺口(kW)"))
    planned_kw = models.FloatField(_("安排压减(kW)"))
    shortfall_kw = models.FloatField(_("无法满足(kW)"))

    scope_path = "plan__unit"
    objects = ScopedManager()

    audit_exempt = True  # solver output, rewritten on each solve; the plan's events record solves

    class Meta:
        verbose_name = _("方案时段")
        verbose_name_plural = _("方案时段")
        ordering = ["start"]

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class Allocation(models.Model):
    """One customer's curtailment in one period of a plan, and afterwards what it actually did."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="allocations")
    profile = models.ForeignKey(LoadProfile, verbose_name=_("客户负荷档案"), on_delete=models.PROTECT,
                                related_name="allocations")
    tier = models.ForeignKey(PolicyTier, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+")
    shed_kw = models.FloatField(_("压减负荷(kW)"), validators=NON_NEGATIVE)
    baseline_kw = models.FloatField(_("基准负荷(kW)"), help_text=_("编制时的典型最大负荷。"))
    measured_load_kw = models.FloatField(_("实测负荷(kW)"), null=True, blank=True, validators=NON_NEGATIVE)
    measured_at = models.DateTimeField(_("记录时间"), null=True, blank=True)

    scope_path = "period__plan__unit"
    objects = ScopedManager()

    audit_exempt = True  # solver output, rewritten on each solve; the plan's events record solves

    class Meta:
        verbose_name = _("压减安排")
        verbose_name_plural = _("压减安排")
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
    status_choices = PlanStatus

    class Meta(Event.Meta):
        verbose_name = _("方案事件")
        verbose_name_plural = _("方案事件")
