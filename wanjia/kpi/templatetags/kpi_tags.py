from django import template
from django.utils import timezone

from wanjia.kpi.forms import preset_period
from wanjia.kpi.registry import KPIS
from wanjia.kpi.selectors import figure_json, figures
from wanjia.org.models import Role, Unit

register = template.Library()

# Managers and auditors answer for every figure; other roles see the KPIs that name them.
ALL_KPI_ROLES = (Role.MANAGER, Role.AUDITOR)


@register.simple_tag(takes_context=True)
def home_figures(context):
    """The signed-in user's KPIs for their unit, year to date (the home page panel)."""
    user = context["request"].user
    unit = user.unit or (Unit.get_first_root_node() if user.is_superuser else None)
    if unit is None:
        return None
    everything = user.has_role(*ALL_KPI_ROLES)
    codes = [k.code for k in KPIS.values() if everything or (k.roles and user.has_role(*k.roles))]
    if not codes:
        return None
    period = preset_period("year", timezone.localdate())
    return {"unit": unit, "kpis": [figure_json(f, unit, period) for f in figures(unit, period, codes)]}
