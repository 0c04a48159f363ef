from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem


class CampaignConfig(AppConfig):
    name = "wanjia.campaign"
    label = "campaign"
    verbose_name = _("為民服務 創先爭優")
    nav = [
        NavItem(_("活動進度"), "campaign:list", "flag"),
        NavItem(_("黨支部結對"), "campaign:pairing", "link-45deg"),
        NavItem(_("五到位評分"), "campaign:scorecard", "award"),
    ]
    home_panels = [HomePanel("campaign/_home_panel.html", order=50)]
