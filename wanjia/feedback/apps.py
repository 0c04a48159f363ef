from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import NavItem


class FeedbackConfig(AppConfig):
    name = "wanjia.feedback"
    label = "feedback"
    verbose_name = _("客戶意見")
    nav = [
        NavItem(_("客戶意見"), "feedback:items", "chat-left-text"),
        NavItem(_("客戶座談會"), "feedback:forums", "people"),
        NavItem(_("熱點難點"), "feedback:hot", "fire"),
    ]
