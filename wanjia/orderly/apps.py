from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class OrderlyConfig(AppConfig):
    name = "wanjia.orderly"
    label = "orderly"
    verbose_name = _("有序用電")
    nav = [
        NavItem(_("預警與方案"), "orderly:index", "lightning"),
        NavItem(_("客戶負荷檔案"), "orderly:profiles", "building"),
    ]
