from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class FeedbackConfig(AppConfig):
    name = "wanjia.feedback"
    label = "feedback"
    verbose_name = _("客户意见")
    nav = [
        NavItem(_("客户意见"), "feedback:items", "chat-left-text"),
        NavItem(_("客户座谈会"), "feedback:forums", "people"),
        NavItem(_("热点难点"), "feedback:hot", "fire"),
    ]
