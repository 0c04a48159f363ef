from django import template
from django.utils import timezone

from wanjia.kpi.forms import preset_period
from wanjia.kpi.registry import featured_for
from wanjia.kpi.selectors import figure_json, figures
from wanjia.org.models import Unit

register = template.Library()


@register.simple_tag(takes_context=True)
def home_figures(context):
    """The signed-in user's KPIs for their unit, year to date (the home page panel)."""
    user = context["request"].user
    unit = user.unit or (Unit.get_first_root_node() if user.is_superuser else None)
    if unit is None:
        return None
    codes = featured_for(user)
    if not codes:
        return None
    period = preset_period("year", timezone.localdate())
    return {"unit": unit, "kpis": [figure_json(f, unit, period) for f in figures(unit, period, codes)]}
