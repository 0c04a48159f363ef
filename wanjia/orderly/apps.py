from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class OrderlyConfig(AppConfig):
    name = "wanjia.orderly"
    label = "orderly"
    verbose_name = _("有序用电")
    nav = [
        NavItem(_("预警与方案"), "orderly:index", "lightning"),
        NavItem(_("客户负荷档案"), "orderly:profiles", "building"),
    ]
