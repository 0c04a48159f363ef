from django.apps import AppConfig

from wanjia.core.navigation import NavItem
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "wanjia.org"
    label = "org"
    verbose_name = _("组织")
    nav = [NavItem(_("组织机构"), "org:tree", "diagram-3")]
