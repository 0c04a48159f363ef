import datetime as dt

from django import template
from django.utils import timezone

from wanjia.halls import selectors
from wanjia.halls.models import CounterDuty

register = template.Library()


@register.inclusion_tag("halls/_home_panel.html", takes_context=True)
def halls_panel(context):
    """The home card: the last 30 days' counter figures in the user's scope, and the clerk's own duty."""
    user = context["request"].user
    end = timezone.localdate()
    start = end - dt.timedelta(days=29)
    rows = selectors.hall_figures(user=user, start=start, end=end)
    visits = sum(r.visits for r in rows)
    evaluated = sum(r.evaluated for r in rows)
    good = sum(r.very_satisfied + r.satisfied for r in rows)
    duty = CounterDuty.objects.filter(staff=user, ended_at__isnull=True).select_related("hall__unit").first()
    return {"halls": len(rows), "visits": visits, "rate": good / evaluated if evaluated else None, "duty": duty,
            "worst": sorted((r for r in rows if r.satisfaction_rate is not None),
                            key=lambda r: r.satisfaction_rate)[:3]}
