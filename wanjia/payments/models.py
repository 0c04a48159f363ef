"""Payment channels (繳費方式方便到位): where and how customers pay, how far villages are from a physical
payment point, and how fast a payment is posted to the customer's account."""
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import Located
from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class ChannelKind(models.Model):
    """Hall counter, bank, village agent point, ...; `is_physical`: a place a customer walks to (counts for
    coverage), as opposed to an online wallet."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=50)
    is_physical = models.BooleanField(_("實體網點"), help_text=_("客戶需要到現場的繳費點;計入繳費半徑覆蓋。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("繳費渠道類型")
        verbose_name_plural = _("繳費渠道類型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PaymentChannel(Located):
    kind = models.ForeignKey(ChannelKind, verbose_name=_("類型"), on_delete=models.PROTECT, related_name="channels")
    name = models.CharField(_("名稱"), max_length=100)
    unit = models.ForeignKey(Unit, verbose_name=_("服務區域"), on_delete=models.PROTECT, related_name="payment_channels",
                             help_text=_("該網點服務的單位(縣公司或供電所)。"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    hours = models.CharField(_("服務時間"), max_length=100, blank=True, help_text=_("如:每天 08:00-20:00"))
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    is_active = models.BooleanField(_("啟用"), default=True)

    scope_path = "unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("繳費網點")
        verbose_name_plural = _("繳費網點")
        ordering = ["unit__path", "kind__order", "name"]
        indexes = [models.Index(fields=["is_active", "kind"], name="payment_channel_active_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = self.location_errors()
        if not errors and self.kind_id and self.kind.is_physical and not self.has_location:
            errors = {"latitude": _("實體網點必須填寫位置(緯度、經度)。")}
        if errors:
            raise ValidationError(errors)


class PaymentStandard(models.Model):
    """The local rule: how far is too far to a physical payment point, and how soon a payment must be posted.
    A unit uses its own row or its nearest ancestor's; the row without a unit is the default."""

    unit = models.OneToOneField(Unit, verbose_name=_("適用單位"), on_delete=models.CASCADE, null=True, blank=True,
                                related_name="payment_standard", help_text=_("留空為全局默認。"))
    max_distance_km = models.DecimalField(_("繳費半徑(公里)"), max_digits=5, decimal_places=1,
                                          validators=[MinValueValidator(0.1)],
                                          help_text=_("村到最近實體繳費點的大圓距離超過此值即列為「繳費難」。"))
    posting_hours = models.PositiveIntegerField(_("入賬時限(小時)"), validators=[MinValueValidator(1)],
                                                help_text=_("繳費後在此時間內記入客戶賬戶即為「快速到賬」。"))
    source = models.CharField(_("依據"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("繳費便利標準")
        verbose_name_plural = _("繳費便利標準")
        constraints = [models.UniqueConstraint(fields=["unit"], condition=models.Q(unit__isnull=True),
                                               name="one_default_payment_standard")]

    def __str__(self) -> str:
        return f"{self.unit or _('全局默認')}: {self.max_distance_km} km / {self.posting_hours} h"


class PaymentRecord(models.Model):
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金額(元)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)])
    channel = models.ForeignKey(PaymentChannel, verbose_name=_("繳費網點"), on_delete=models.PROTECT,
                                related_name="payments")
    paid_at = models.DateTimeField(_("繳費時間"), db_index=True)
    posted_at = models.DateTimeField(_("入賬時間"), null=True, blank=True)

    scope_path = "customer__station"
    objects = ScopedManager()
    history = HistoricalRecords()  # posting changes a payment: keep who and when

    class Meta:
        verbose_name = _("繳費記錄")
        verbose_name_plural = _("繳費記錄")
        ordering = ["-paid_at"]

    def clean(self):
        if self.posted_at and self.paid_at and self.posted_at < self.paid_at:
            raise ValidationError({"posted_at": _("入賬時間不能早於繳費時間。")})
