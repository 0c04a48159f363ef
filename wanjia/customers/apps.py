from django.apps import AppConfig

from wanjia.core.navigation import NavItem
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "wanjia.customers"
    label = "customers"
    verbose_name = _("客户")
    nav = [NavItem(_("客户档案"), "customers:list", "people")]
