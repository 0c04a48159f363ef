from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class JobsConfig(AppConfig):
    name = "wanjia.jobs"
    label = "jobs"
    verbose_name = _("后台任务")
    nav = [NavItem(_("我的后台任务"), "jobs:list", "hourglass-split")]
