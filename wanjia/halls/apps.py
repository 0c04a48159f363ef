from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class HallsConfig(AppConfig):
    name = "wanjia.halls"
    label = "halls"
    verbose_name = _("營業廳")
    nav = [NavItem(_("營業廳"), "halls:list", "shop"), NavItem(_("窗口服務評價"), "halls:figures", "emoji-smile")]
