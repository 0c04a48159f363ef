from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem


class ConnectionsConfig(AppConfig):
    name = "wanjia.connections"
    label = "connections"
    verbose_name = _("業擴報裝")
    nav = [
        NavItem(_("報裝受理"), "connections:intake", "plus-circle", roles=("counter", "manager", "crew")),
        NavItem(_("報裝申請"), "connections:list", "plug"),
        NavItem(_("超時環節"), "connections:overdue", "alarm"),
        NavItem(_("獲得電力指標"), "connections:figures", "speedometer2"),
        NavItem(_("三指定核查"), "connections:compliance", "shield-check"),
        NavItem(_("報裝進度查詢(公眾)"), "connections:track", "search"),
    ]
    home_panels = [HomePanel("connections/_home_panel.html", roles=("counter", "manager", "crew", "auditor"),
                             order=40)]
