from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "wanjia.repairs"
    label = "repairs"
    verbose_name = _("故障搶修")
