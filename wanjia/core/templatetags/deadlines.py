from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wanjia.core import worktime

register = template.Library()


@register.filter
def deadline(moment) -> str:
    """`{{ stage.due_at|deadline }}`: the deadline as people read it (worktime.deadline_label), with a
    "provisional" badge explained on hover where the calendar does not cover its year yet."""
    if moment is None:
        return "—"
    label = worktime.deadline_label(moment)
    if not worktime.is_provisional(moment):
        return label
    plain = label.removesuffix(_("(暂定)"))
    return format_html('{} <span class="badge text-bg-warning" title="{}">{}</span>', plain,
                       _("该年国务院放假通知尚未录入,期限按周一至周五和法定节日暂算,录入后自动重算。"), _("暂定"))
