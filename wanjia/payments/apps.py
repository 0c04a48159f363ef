from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class PaymentsConfig(AppConfig):
    name = "wanjia.payments"
    label = "payments"
    verbose_name = _("繳費渠道")
    nav = [NavItem(_("繳費網點"), "payments:channels", "cash-coin"),
           NavItem(_("繳費難分析"), "payments:coverage", "geo-alt"),
           NavItem(_("收費到賬"), "payments:collection", "clock-history")]
