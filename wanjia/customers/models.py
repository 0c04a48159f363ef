from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import Located, english
from wanjia.core.text import label
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


class CustomerClass(models.TextChoices):
    """The classes the statutory connection time limits are set by."""

    RESIDENT = "resident", _("居民")
    LV_NON_RESIDENT = "lv_non_resident", _("低压非居民")
    HV_SINGLE = "hv_single", _("高压单电源")
    HV_DUAL = "hv_dual", _("高压双电源")


HIGH_VOLTAGE_CLASSES = {CustomerClass.HV_SINGLE, CustomerClass.HV_DUAL}


class WalkInCategory(models.TextChoices):
    """The six walk-ins (六走进) of the campaign."""

    VILLAGE = "village", _("农村")
    COMMUNITY = "community", _("社区")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    ENTERPRISE = "enterprise", _("企业")
    HARDSHIP = "hardship", _("困难家庭")


class GreenChannelKind(models.Model):
    """A kind of customer served through the green channel (绿色通道): hospitals, schools, and whatever kinds
    the bureau adds. Its customers get the policy set's stricter internal targets (commitments), first place on
    the dispatcher board and in the connection queues, and on-time figures of their own."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = english(_("英文名称"), 50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不能再选给客户;已有的标记保留。"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("绿色通道类别")
        verbose_name_plural = _("绿色通道类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return label(self)


class Customer(Located):
    account_number = models.CharField(_("户号"), max_length=20, unique=True)
    name = models.CharField(_("户名"), max_length=100)
    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices, db_index=True)
    # Indexed by the partial index `customer_walk_in` (Meta): most customers have no category.
    walk_in_category = models.CharField(_("走进类别"), max_length=12, choices=WalkInCategory.choices, blank=True)
    is_protected_load = models.BooleanField(
        _("重要/保障负荷"), default=False,
        help_text=_("医院、学校、供水、供热等停电危及生命或公共安全的客户,抢修优先。"),
    )
    green_channel = models.ForeignKey(
        GreenChannelKind, verbose_name=_("绿色通道"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="customers", help_text=_("医院、学校等:抢修和报装按内部目标优先办理。"))
    address = models.CharField(_("用电地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, db_index=True)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT, related_name="customers",
                                limit_choices_to={"kind": UnitKind.STATION})
    feeder = models.ForeignKey(Feeder, verbose_name=_("馈线"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="customers")
    transformer = models.ForeignKey(Transformer, verbose_name=_("台区"), on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="customers")
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["account_number"]
        indexes = [
            # Six walk-ins and payment coverage read the few customers in a walk-in category (villages,
            # schools ...): a partial index keeps those reads off the whole register.
            models.Index(fields=["walk_in_category", "station", "transformer"], name="customer_walk_in",
                         condition=~models.Q(walk_in_category="")),
            # A station's KPI figures read the part months of a period from its customers by creation day
            # (stations keep no daily summary rows: kpi.models).
            models.Index(fields=["station", "created_at"], name="customer_station_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.account_number})"

    def clean(self):
        errors = self.location_errors()
        if self.transformer_id and self.feeder_id and self.transformer.feeder_id != self.feeder_id:
            errors["transformer"] = _("台区不在所选馈线上。")
        if self.feeder_id and self.station_id and self.feeder.station_id != self.station_id:
            errors["feeder"] = _("馈线不属于所选供电所。")
        if self.customer_class != CustomerClass.RESIDENT and self.walk_in_category == WalkInCategory.HARDSHIP:
            errors["walk_in_category"] = _("困难家庭只适用于居民客户。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The transformer fixes the feeder: keep the upstream link consistent for outage tracing.
        if self.transformer_id and not self.feeder_id:
            self.feeder_id = self.transformer.feeder_id
        super().save(*args, **kwargs)


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise, not enough to call."""
    if not phone:
        return ""
    if len(phone) <= 4:
        return "*" * len(phone)
    # A landline keeps its area code (0871-), a mobile its first three digits.
    keep_head = phone.index("-") + 1 if "-" in phone[:6] else min(3, max(len(phone) - 8, 0))
    return phone[:keep_head] + "*" * (len(phone) - keep_head - 4) + phone[-4:]


def phone_for(user, phone: str, *, own: bool = False) -> str:
    """The number as `user` may read it (`customers.phone` in the permission table): in full, or masked.
    `own`: the record is one of the user's own orders (a crew member's), which `read_own` unmasks."""
    from wanjia.core.permissions import permits

    if permits(user, "customers.phone", "read_full") or (own and permits(user, "customers.phone", "read_own")):
        return phone
    return mask_phone(phone)


def may_search_phone(user) -> bool:
    from wanjia.core.permissions import permits

    return permits(user, "customers.phone", "read_search")
