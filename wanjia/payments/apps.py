from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class PaymentsConfig(AppConfig):
    name = "wanjia.payments"
    label = "payments"
    verbose_name = _("缴费渠道")
    nav = [NavItem(_("缴费网点"), "payments:channels", "cash-coin"),
           NavItem(_("缴费难分析"), "payments:coverage", "geo-alt"),
           NavItem(_("收费到账"), "payments:collection", "clock-history")]
