from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrderlyConfig(AppConfig):
    name = "wanjia.orderly"
    label = "orderly"
    verbose_name = _("有序用电")
