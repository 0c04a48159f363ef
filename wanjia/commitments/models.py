"""Service commitments as data: time limits an administrator can read the source of and change when a rule
changes. Exactly one policy set is active; repairs and connections read their limits from it."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import english
from wanjia.core.text import label
from wanjia.customers.models import CustomerClass
from wanjia.org.models import AreaType


class PolicyKind(models.TextChoices):
    REGULATORY_MAXIMUM = "regulatory_maximum", _("监管上限(每单不得超过)")
    COMPANY_AVERAGE = "company_average", _("企业承诺(平均值)")
    LOCAL = "local", _("本单位规定")


class ConnectionStage(models.TextChoices):
    """The stages of a connection application (业扩报装), in order."""

    ACCEPTANCE = "acceptance", _("业务受理")
    SUPPLY_PLAN = "supply_plan", _("供电方案答复")
    DESIGN_REVIEW = "design_review", _("设计审核")
    INTERMEDIATE_INSPECTION = "intermediate_inspection", _("中间检查")
    COMPLETION_INSPECTION = "completion_inspection", _("竣工检验")
    METERING = "metering", _("装表接电")
    ARCHIVED = "archived", _("资料归档")


class PolicySet(models.Model):
    """A selectable set of limits. Its `kind` says what the set mainly is; each row carries its own kind and
    source, since one set mixes regulator limits, company commitments and local rules."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = english(_("英文名称"), 100)
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices)
    description = models.TextField(_("说明"), blank=True)
    source = models.TextField(_("依据"), help_text=_("文件名、文号、发布日期或网址"))
    is_active = models.BooleanField(_("当前生效"), default=False)
    at_risk_share = models.DecimalField(
        _("预警比例"), max_digits=3, decimal_places=2, default=0.8,
        validators=[MinValueValidator(0.1), MaxValueValidator(0.99)],
        help_text=_("已用时间达到时限的这一比例即为「临期」。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务承诺策略")
        verbose_name_plural = _("服务承诺策略")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_policy_set")]

    def __str__(self) -> str:
        return label(self)


class RepairTimeLimit(models.Model):
    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="repair_limits")
    area_type = models.CharField(_("区域类型"), max_length=8, choices=AreaType.choices)
    # The two figures of a row often come from different rules (arrival: the regulation; restoration: a
    # company's own commitment, the regulation sets none), so each carries its own kind and source.
    arrival_minutes = models.PositiveIntegerField(_("到达现场时限(分钟)"))
    arrival_kind = models.CharField(_("到达时限性质"), max_length=24, choices=PolicyKind.choices,
                                    default=PolicyKind.REGULATORY_MAXIMUM)
    source = models.TextField(_("到达时限依据"))
    restoration_minutes = models.PositiveIntegerField(_("恢复供电目标(分钟,自到达起)"))
    restoration_kind = models.CharField(_("复电目标性质"), max_length=24, choices=PolicyKind.choices,
                                        default=PolicyKind.COMPANY_AVERAGE)
    restoration_source = models.TextField(_("复电目标依据"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抢修时限")
        verbose_name_plural = _("抢修时限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "area_type"], name="one_repair_limit_per_area")]

    def __str__(self) -> str:
        return f"{self.policy_set} · {self.get_area_type_display()}"


class ConnectionStageLimit(models.Model):
    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="connection_limits")
    stage = models.CharField(_("环节"), max_length=32, choices=ConnectionStage.choices)
    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices)
    working_days = models.PositiveIntegerField(_("时限(工作日)"))
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices,
                            default=PolicyKind.REGULATORY_MAXIMUM)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("业扩环节时限")
        verbose_name_plural = _("业扩环节时限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "stage", "customer_class"],
                                               name="one_stage_limit_per_class")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_customer_class_display()}: {self.working_days}"


class GreenRepairTarget(models.Model):
    """The green channel's internal repair targets for an area type (绿色通道内部目标): shorter than the set's
    limits. They are assessed on their own; the limits stay in force and are assessed as before."""

    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="green_repair_targets")
    area_type = models.CharField(_("区域类型"), max_length=8, choices=AreaType.choices)
    arrival_minutes = models.PositiveIntegerField(_("到达现场目标(分钟)"))
    restoration_minutes = models.PositiveIntegerField(_("恢复供电目标(分钟,自到达起)"))
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices, default=PolicyKind.LOCAL)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("绿色通道抢修目标")
        verbose_name_plural = _("绿色通道抢修目标")
        constraints = [models.UniqueConstraint(fields=["policy_set", "area_type"],
                                               name="one_green_repair_target_per_area")]

    def __str__(self) -> str:
        return f"{self.policy_set} · {self.get_area_type_display()}"

    def clean(self):
        limit = RepairTimeLimit.objects.filter(policy_set_id=self.policy_set_id, area_type=self.area_type).first()
        errors = {}
        if limit is not None and self.arrival_minutes is not None and self.arrival_minutes >= limit.arrival_minutes:
            errors["arrival_minutes"] = _("内部目标应短于该区域的到达时限(%(m)d 分钟)。") % {"m": limit.arrival_minutes}
        if (limit is not None and self.restoration_minutes is not None
                and self.restoration_minutes >= limit.restoration_minutes):
            errors["restoration_minutes"] = _("内部目标应短于该区域的复电目标(%(m)d 分钟)。") % {
                "m": limit.restoration_minutes}
        if errors:
            raise ValidationError(errors)


class GreenStageTarget(models.Model):
    """The green channel's internal target for a connection stage of a customer class, in working days."""

    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="green_stage_targets")
    stage = models.CharField(_("环节"), max_length=32, choices=ConnectionStage.choices)
    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices)
    working_days = models.PositiveIntegerField(_("目标(工作日)"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices, default=PolicyKind.LOCAL)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("绿色通道业扩环节目标")
        verbose_name_plural = _("绿色通道业扩环节目标")
        constraints = [models.UniqueConstraint(fields=["policy_set", "stage", "customer_class"],
                                               name="one_green_stage_target_per_class")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_customer_class_display()}: {self.working_days}"

    def clean(self):
        limit = (ConnectionStageLimit.objects.filter(policy_set_id=self.policy_set_id, stage=self.stage,
                                                     customer_class=self.customer_class)
                 .values_list("working_days", flat=True).first())
        if limit is not None and self.working_days is not None and self.working_days >= limit:
            raise ValidationError({"working_days": _("内部目标应短于该环节的时限(%(d)d 个工作日)。") % {"d": limit}})


class TimeStatus(models.TextChoices):
    ON_TIME = "on_time", _("按时")
    AT_RISK = "at_risk", _("临期")
    OVERDUE = "overdue", _("超时")


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("分钟")
    HOURS = "hours", _("小时")
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("日历日")


class OtherTimeLimit(models.Model):
    """Limits other than repair and connection stages: complaint replies, outage notices, ..."""

    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="other_limits")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    name_en = english(_("英文名称"), 100)
    amount = models.PositiveIntegerField(_("数值"))
    unit = models.CharField(_("单位"), max_length=16, choices=TimeUnit.choices)
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices,
                            default=PolicyKind.REGULATORY_MAXIMUM)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("其他服务时限")
        verbose_name_plural = _("其他服务时限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "code"], name="one_other_limit_per_code")]

    def __str__(self) -> str:
        return f"{label(self)}: {self.amount} {self.get_unit_display()}"


class QualityIndicator(models.TextChoices):
    SUPPLY_RELIABILITY = "supply_reliability", _("供电可靠率")
    VOLTAGE_COMPLIANCE = "voltage_compliance", _("电压合格率")


class FloorScope(models.TextChoices):
    URBAN = "urban", _("城市地区")
    URBAN_RESIDENT = "urban_resident", _("城市居民用户")
    HV_10KV = "hv_10kv", _("10千伏及以上用户")


class FloorComparison(models.TextChoices):
    AT_LEAST = "at_least", _("不低于")
    AT_MOST = "at_most", _("不高于")


class QualityFloor(models.Model):
    """A supply-quality threshold a rule sets (e.g. 供电监管办法: urban reliability ≥ 99%), as a share 0–1."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    indicator = models.CharField(_("指标"), max_length=24, choices=QualityIndicator.choices)
    applies_to = models.CharField(_("适用范围"), max_length=20, choices=FloorScope.choices)
    comparison = models.CharField(_("比较"), max_length=10, choices=FloorComparison.choices,
                                  default=FloorComparison.AT_LEAST)
    threshold = models.DecimalField(_("限值(比例)"), max_digits=7, decimal_places=6,
                                    validators=[MinValueValidator(0), MaxValueValidator(1)],
                                    help_text=_("以比例填写,如 0.99 表示 99%。"))
    kind = models.CharField(_("性质"), max_length=24, choices=PolicyKind.choices,
                            default=PolicyKind.REGULATORY_MAXIMUM)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("供电质量限值")
        verbose_name_plural = _("供电质量限值")
        constraints = [models.UniqueConstraint(fields=["indicator", "applies_to"], name="one_floor_per_scope")]

    def __str__(self) -> str:
        return f"{self.name} {self.get_comparison_display()} {self.threshold * 100:g}%"

    def is_met(self, value: float) -> bool:
        if self.comparison == FloorComparison.AT_MOST:
            return value <= float(self.threshold)
        return value >= float(self.threshold)
