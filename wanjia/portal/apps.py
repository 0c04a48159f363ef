from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class PortalConfig(AppConfig):
    name = "wanjia.portal"
    label = "portal"
    verbose_name = _("公眾服務")
    # Staff open the public pages as the public sees them (to print a link, to check a notice).
    nav = [NavItem(_("公眾服務頁面"), "portal:home", "globe")]
