"""Shared template helpers: time left or over a limit, in words next to the clock time; the forms' required
legend; a data row's label in the page's language."""
import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from wanjia.core import text

register = template.Library()


def _span(minutes: int) -> str:
    if minutes < 120:
        return ngettext("%(n)d 分钟", "%(n)d 分钟", minutes) % {"n": minutes}
    if minutes < 48 * 60:
        hours = minutes // 60
        return ngettext("%(n)d 小时", "%(n)d 小时", hours) % {"n": hours}
    days = minutes // (24 * 60)
    return ngettext("%(n)d 天", "%(n)d 天", days) % {"n": days}


@register.simple_tag
def time_left(due, now=None) -> str:
    """"还剩 N 分钟" before the limit, "超时 N 分钟" after it; a date limit counts whole days."""
    if due is None:
        return ""
    if not isinstance(due, dt.datetime):  # a date: due by the end of that day
        today = timezone.localdate()
        days = (due - today).days
        if days < 0:
            return _("超期 %(span)s") % {"span": ngettext("%(n)d 天", "%(n)d 天", -days) % {"n": -days}}
        return _("今天到期") if days == 0 else _("还剩 %(span)s") % {"span": ngettext("%(n)d 天", "%(n)d 天", days) % {"n": days}}
    now = now or timezone.now()
    minutes = int((due - now).total_seconds() // 60)
    if minutes < 0:
        return _("超时 %(span)s") % {"span": _span(-minutes)}
    return _("还剩 %(span)s") % {"span": _span(minutes)}


@register.filter
def required_legend(form) -> bool:
    """Does the form need the "* required" legend: more than one field to fill, at least one of them required?"""
    fields = form.visible_fields()
    return len(fields) > 1 and any(f.field.required for f in fields)



@register.filter
def in_language(row, field: str = "name") -> str:
    """`{{ order.category|in_language }}`, `{{ item|in_language:"text" }}`: the row's English on English pages
    when it has one, else its Chinese (`wanjia.core.text.in_language`)."""
    return text.label(row, field)
