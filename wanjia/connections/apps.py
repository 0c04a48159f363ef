from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem


class ConnectionsConfig(AppConfig):
    name = "wanjia.connections"
    label = "connections"
    verbose_name = _("业扩报装")
    nav = [
        NavItem(_("报装受理"), "connections:intake", "plus-circle", roles=("counter", "manager", "crew")),
        NavItem(_("报装申请"), "connections:list", "plug"),
        NavItem(_("超时环节"), "connections:overdue", "alarm"),
        NavItem(_("获得电力指标"), "connections:figures", "speedometer2"),
        NavItem(_("三指定核查"), "connections:compliance", "shield-check"),
        NavItem(_("报装进度查询(公众)"), "connections:track", "search"),
    ]
    home_panels = [HomePanel("connections/_home_panel.html", roles=("counter", "manager", "crew", "auditor"),
                             order=40)]

    def ready(self):
        from wanjia.connections.services import stage_deadlines_refresh
        from wanjia.core.holidays import calendar_changed

        calendar_changed.connect(stage_deadlines_refresh, dispatch_uid="connections.stage_deadlines_refresh")
