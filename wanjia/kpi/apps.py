from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel


class KpiConfig(AppConfig):
    name = "wanjia.kpi"
    label = "kpi"
    verbose_name = _("指标")
    home_panels = [HomePanel("kpi/home_panel.html", order=10)]

    def ready(self):
        from wanjia.kpi import signals
        from wanjia.kpi.definitions import load

        load()
        signals.connect()
