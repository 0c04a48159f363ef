from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel

DESK = ("dispatcher", "manager", "auditor")


class RepairsConfig(AppConfig):
    name = "wanjia.repairs"
    label = "repairs"
    verbose_name = _("故障抢修")
    home_panels = [HomePanel("repairs/home_panel.html", DESK, order=10)]
