from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "wanjia.feedback"
    label = "feedback"
    verbose_name = _("客户意见")

    def ready(self):
        from wanjia.core.holidays import calendar_changed
        from wanjia.feedback.services import feedback_deadlines_refresh

        calendar_changed.connect(feedback_deadlines_refresh, dispatch_uid="feedback.feedback_deadlines_refresh")
