from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "wanjia.feedback"
    label = "feedback"
    verbose_name = _("客户意见")
