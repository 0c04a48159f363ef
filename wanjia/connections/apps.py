from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel


class ConnectionsConfig(AppConfig):
    name = "wanjia.connections"
    label = "connections"
    verbose_name = _("业扩报装")
    home_panels = [HomePanel("connections/_home_panel.html", roles=("counter", "manager", "crew", "auditor"),
                             order=40)]

    def ready(self):
        from wanjia.connections.services import stage_deadlines_refresh
        from wanjia.core.holidays import calendar_changed

        calendar_changed.connect(stage_deadlines_refresh, dispatch_uid="connections.stage_deadlines_refresh")
