from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem


class CampaignConfig(AppConfig):
    name = "wanjia.campaign"
    label = "campaign"
    verbose_name = _("为民服务 创先争优")
    nav = [
        NavItem(_("活动进度"), "campaign:list", "flag"),
        NavItem(_("党工团组织"), "campaign:groups", "people"),
        NavItem(_("结对走访"), "campaign:pairing", "link-45deg"),
        NavItem(_("五到位评分"), "campaign:scorecard", "award"),
    ]
    home_panels = [HomePanel("campaign/_home_panel.html", order=50)]
