from django.apps import AppConfig

from wanjia.core.navigation import NavItem
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "wanjia.org"
    label = "org"
    verbose_name = _("組織")
    nav = [NavItem(_("組織機構"), "org:tree", "diagram-3")]
