"""Settings the bureau changes for the public portal without a deployment: rate limits and the challenge."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

RATE = re.compile(r"^\d+/\d*[smhd]$")


def validate_rate(value: str) -> None:
    if not RATE.match(value or ""):
        raise ValidationError(_("格式应为「次数/时段」,如 20/h、5/10m、50/d。"))


class PortalSettings(models.Model):
    """One row (pk=1). Rates are django-ratelimit rates: "count/period", period s, m, h or d (e.g. 5/10m)."""

    challenge_enabled = models.BooleanField(
        _("启用算术验证"), default=False,
        help_text=_("开启后,公众提交表单前要先回答一道简单的算术题(答案只存在服务器端会话中)。"))
    ip_rate = models.CharField(_("每个 IP 的提交上限"), max_length=16, default="20/h", validators=[validate_rate])
    phone_rate = models.CharField(_("每个手机号的提交上限"), max_length=16, default="5/h", validators=[validate_rate])
    lookup_rate = models.CharField(_("每个 IP 的查询上限"), max_length=16, default="30/h", validators=[validate_rate],
                                   help_text=_("进度查询按单号加手机后四位,限制次数以防逐个猜测。"))
    max_photos = models.PositiveSmallIntegerField(_("报修照片张数上限"), default=3)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公众服务设置")
        verbose_name_plural = _("公众服务设置")

    def __str__(self) -> str:
        return str(_("公众服务设置"))

    @classmethod
    def current(cls) -> "PortalSettings":
        return cls.objects.get_or_create(pk=1)[0]
