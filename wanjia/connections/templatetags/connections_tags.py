from django import template
from django.utils import timezone

from wanjia.connections.models import Application, ApplicationStatus, DesignationRecord
from wanjia.connections.selectors import application_list, overdue_stages

register = template.Library()

BADGES = {"on_time": "success", "at_risk": "warning", "overdue": "danger", "paused": "secondary"}


@register.simple_tag
def connections_summary(user) -> dict:
    """Counts for the home panel, inside the user's scope."""
    return {
        "open": application_list(user=user, filters={"is_open": "true"}).count(),
        "paused": application_list(user=user, filters={"paused": "true", "is_open": "true"}).count(),
        "overdue": overdue_stages(user=user, now=timezone.now()).count(),
        "flagged": DesignationRecord.objects.restrict(user).filter(is_flagged=True, reviewed_at__isnull=True).count(),
        "total": Application.objects.restrict(user).count(),
    }


@register.filter
def status_badge(status) -> str:
    return BADGES.get(status or "", "light")


@register.filter
def days(value) -> str:
    return "" if value is None else f"{value:.1f}"


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def status_label(code) -> str:
    return dict(ApplicationStatus.choices).get(code, code)
