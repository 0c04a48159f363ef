"""Payment channels (缴费方式方便到位): where and how customers pay, how far villages are from a physical
payment point, and how fast a payment is posted to the customer's account."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import Located, english
from wanjia.core.text import label
from wanjia.core.voiding import LiveManager, Voidable
from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class ChannelKind(models.Model):
    """Hall counter, bank, village agent point, ...; `is_physical`: a place a customer walks to (counts for
    coverage), as opposed to an online wallet."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = english(_("英文名称"), 50)
    is_physical = models.BooleanField(_("实体网点"), help_text=_("客户需要到现场的缴费点;计入缴费半径覆盖。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("缴费渠道类型")
        verbose_name_plural = _("缴费渠道类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return label(self)


class PaymentChannel(Voidable, Located):
    kind = models.ForeignKey(ChannelKind, verbose_name=_("类型"), on_delete=models.PROTECT, related_name="channels")
    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(Unit, verbose_name=_("服务区域"), on_delete=models.PROTECT, related_name="payment_channels",
                             help_text=_("该网点服务的单位(县公司或供电所)。"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    hours = models.CharField(_("服务时间"), max_length=100, blank=True, help_text=_("如:每天 08:00-20:00"))
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # Coverage of a past period counts the points in service then, not today's (see coverage.py).
    opened_on = models.DateField(_("启用日期"), null=True, blank=True, help_text=_("留空表示建档前已在使用。"))
    closed_on = models.DateField(_("停用日期"), null=True, blank=True, help_text=_("停用时自动填写。"))

    scope_path = "unit"
    objects = LiveManager()
    all_objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("缴费网点")
        verbose_name_plural = _("缴费网点")
        ordering = ["unit__path", "kind__order", "name"]
        indexes = [models.Index(fields=["is_active", "kind"], name="payment_channel_active_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = self.location_errors()
        if not errors and self.kind_id and self.kind.is_physical and not self.has_location:
            errors = {"latitude": _("实体网点必须填写位置(纬度、经度)。")}
        if not errors and self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors = {"closed_on": _("停用日期不能早于启用日期。")}
        if errors:
            raise ValidationError(errors)


class PaymentStandard(models.Model):
    """The local rule: how far is too far to a physical payment point, and how soon a payment must be posted.
    A unit uses its own row or its nearest ancestor's; the row without a unit is the default."""

    unit = models.OneToOneField(Unit, verbose_name=_("适用单位"), on_delete=models.CASCADE, null=True, blank=True,
                                related_name="payment_standard", help_text=_("留空为全局默认。"))
    max_distance_km = models.DecimalField(_("缴费半径(公里)"), max_digits=5, decimal_places=1,
                                          validators=[MinValueValidator(0.1)],
                                          help_text=_("村到最近实体缴费点的大圆距离超过此值即列为「缴费难」。"))
    posting_hours = models.PositiveIntegerField(_("入账时限(小时)"), validators=[MinValueValidator(1)],
                                                help_text=_("缴费后在此时间内记入客户账户即为「快速到账」。"))
    source = models.CharField(_("依据"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("缴费便利标准")
        verbose_name_plural = _("缴费便利标准")
        constraints = [models.UniqueConstraint(fields=["unit"], condition=models.Q(unit__isnull=True),
                                               name="one_default_payment_standard")]

    def __str__(self) -> str:
        return f"{self.unit or _('全局默认')}: {self.max_distance_km} km / {self.posting_hours} h"


class PaymentRecord(models.Model):
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)])
    channel = models.ForeignKey(PaymentChannel, verbose_name=_("缴费网点"), on_delete=models.PROTECT,
                                related_name="payments")
    paid_at = models.DateTimeField(_("缴费时间"), db_index=True)
    posted_at = models.DateTimeField(_("入账时间"), null=True, blank=True)

    scope_path = "customer__station"
    objects = ScopedManager()
    history = HistoricalRecords()  # posting changes a payment: keep who and when

    class Meta:
        verbose_name = _("缴费记录")
        verbose_name_plural = _("缴费记录")
        ordering = ["-paid_at"]

    def clean(self):
        if self.posted_at and self.paid_at and self.posted_at < self.paid_at:
            raise ValidationError({"posted_at": _("入账时间不能早于缴费时间。")})


class MeasureKind(models.Model):
    """A kind of measure for a 缴费难 village (new point, agent, mobile collection, ...). `covers_village`:
    once done, the village counts as covered even while it is beyond the distance (the service comes to it)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = english(_("英文名称"), 50)
    covers_village = models.BooleanField(_("完成后计为已覆盖"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("缴费难措施类型")
        verbose_name_plural = _("缴费难措施类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return label(self)


class PaymentMeasure(models.Model):
    """A concrete measure for one 缴费难 village (the residential customers on one transformer), tracked to done."""

    transformer = models.ForeignKey("network.Transformer", verbose_name=_("村(台区)"), on_delete=models.PROTECT,
                                    related_name="payment_measures")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(MeasureKind, verbose_name=_("措施"), on_delete=models.PROTECT, related_name="measures")
    description = models.TextField(_("具体内容"))
    due_date = models.DateField(_("计划完成日期"))
    channel = models.ForeignKey(PaymentChannel, verbose_name=_("新设网点"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="measures")
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("缴费难措施")
        verbose_name_plural = _("缴费难措施")
        ordering = ["done_on", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.transformer.name} · {label(self.kind)}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
