from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class OutreachConfig(AppConfig):
    name = "wanjia.outreach"
    label = "outreach"
    verbose_name = _("六走进")
    nav = [
        NavItem(_("走访记录"), "outreach:visits", "house-door"),
        NavItem(_("隐患整改"), "outreach:hazards", "exclamation-triangle"),
    ]
