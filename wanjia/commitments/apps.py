from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "wanjia.commitments"
    label = "commitments"
    verbose_name = _("服务承诺")
