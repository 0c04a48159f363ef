from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "wanjia.portal"
    label = "portal"
    verbose_name = _("公众服务")
    # Staff open the public pages as the public sees them (to print a link, to check a notice).
