"""Service commitments as data: time limits an administrator can read the source of and change when a rule
changes. Exactly one policy set is active; repairs and connections read their limits from it."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.customers.models import CustomerClass
from wanjia.org.models import AreaType


class PolicyKind(models.TextChoices):
    REGULATORY_MAXIMUM = "regulatory_maximum", _("監管上限(每單不得超過)")
    COMPANY_AVERAGE = "company_average", _("企業承諾(平均值)")
    LOCAL = "local", _("本單位規定")


class ConnectionStage(models.TextChoices):
    """The stages of a connection application (業擴報裝), in order."""

    ACCEPTANCE = "acceptance", _("業務受理")
    SUPPLY_PLAN = "supply_plan", _("供電方案答復")
    DESIGN_REVIEW = "design_review", _("設計審核")
    INTERMEDIATE_INSPECTION = "intermediate_inspection", _("中間檢查")
    COMPLETION_INSPECTION = "completion_inspection", _("竣工檢驗")
    METERING = "metering", _("裝表接電")
    ARCHIVED = "archived", _("資料歸檔")


class PolicySet(models.Model):
    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=100)
    kind = models.CharField(_("性質"), max_length=24, choices=PolicyKind.choices)
    description = models.TextField(_("說明"), blank=True)
    source = models.TextField(_("依據"), help_text=_("文件名、文號、發布日期或網址"))
    is_active = models.BooleanField(_("當前生效"), default=False)
    at_risk_share = models.DecimalField(
        _("預警比例"), max_digits=3, decimal_places=2, default=0.8,
        validators=[MinValueValidator(0.1), MaxValueValidator(0.99)],
        help_text=_("已用時間達到時限的這一比例即為「臨期」。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服務承諾策略")
        verbose_name_plural = _("服務承諾策略")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_policy_set")]

    def __str__(self) -> str:
        return self.name


class RepairTimeLimit(models.Model):
    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="repair_limits")
    area_type = models.CharField(_("區域類型"), max_length=8, choices=AreaType.choices)
    arrival_minutes = models.PositiveIntegerField(_("到達現場時限(分鐘)"))
    restoration_minutes = models.PositiveIntegerField(_("恢復供電目標(分鐘,自到達起)"))
    source = models.TextField(_("依據"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("搶修時限")
        verbose_name_plural = _("搶修時限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "area_type"], name="one_repair_limit_per_area")]

    def __str__(self) -> str:
        return f"{self.policy_set} · {self.get_area_type_display()}"


class ConnectionStageLimit(models.Model):
    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="connection_limits")
    stage = models.CharField(_("環節"), max_length=32, choices=ConnectionStage.choices)
    customer_class = models.CharField(_("客戶類別"), max_length=20, choices=CustomerClass.choices)
    working_days = models.PositiveIntegerField(_("時限(工作日)"))
    source = models.TextField(_("依據"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("業擴環節時限")
        verbose_name_plural = _("業擴環節時限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "stage", "customer_class"],
                                               name="one_stage_limit_per_class")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_customer_class_display()}: {self.working_days}"


class TimeStatus(models.TextChoices):
    ON_TIME = "on_time", _("按時")
    AT_RISK = "at_risk", _("臨期")
    OVERDUE = "overdue", _("超時")


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("分鐘")
    HOURS = "hours", _("小時")
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("日曆日")


class OtherTimeLimit(models.Model):
    """Limits other than repair and connection stages: complaint replies, outage notices, ..."""

    policy_set = models.ForeignKey(PolicySet, on_delete=models.CASCADE, related_name="other_limits")
    code = models.SlugField(_("代碼"), max_length=40)
    name = models.CharField(_("名稱"), max_length=100)
    amount = models.PositiveIntegerField(_("數值"))
    unit = models.CharField(_("單位"), max_length=16, choices=TimeUnit.choices)
    source = models.TextField(_("依據"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("其他服務時限")
        verbose_name_plural = _("其他服務時限")
        constraints = [models.UniqueConstraint(fields=["policy_set", "code"], name="one_other_limit_per_code")]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} {self.get_unit_display()}"
