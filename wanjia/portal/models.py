"""Settings the bureau changes for the public portal without a deployment: rate limits and the challenge."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

RATE = re.compile(r"^\d+/\d*[smhd]$")


def validate_rate(value: str) -> None:
    if not RATE.match(value or ""):
        raise ValidationError(_("格式應為「次數/時段」,如 20/h、5/10m、50/d。"))


class PortalSettings(models.Model):
    """One row (pk=1). Rates are django-ratelimit rates: "count/period", period s, m, h or d (e.g. 5/10m)."""

    challenge_enabled = models.BooleanField(
        _("啟用算術驗證"), default=False,
        help_text=_("開啟後,公眾提交表單前要先回答一道簡單的算術題(答案只存在服務器端會話中)。"))
    ip_rate = models.CharField(_("每個 IP 的提交上限"), max_length=16, default="20/h", validators=[validate_rate])
    phone_rate = models.CharField(_("每個手機號的提交上限"), max_length=16, default="5/h", validators=[validate_rate])
    lookup_rate = models.CharField(_("每個 IP 的查詢上限"), max_length=16, default="30/h", validators=[validate_rate],
                                   help_text=_("進度查詢按單號加手機後四位,限制次數以防逐個猜測。"))
    max_photos = models.PositiveSmallIntegerField(_("報修照片張數上限"), default=3)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公眾服務設置")
        verbose_name_plural = _("公眾服務設置")

    def __str__(self) -> str:
        return str(_("公眾服務設置"))

    @classmethod
    def current(cls) -> "PortalSettings":
        return cls.objects.get_or_create(pk=1)[0]
