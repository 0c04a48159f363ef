from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel


class CampaignConfig(AppConfig):
    name = "wanjia.campaign"
    label = "campaign"
    verbose_name = _("为民服务 创先争优")
    home_panels = [HomePanel("campaign/_home_panel.html", order=50)]
