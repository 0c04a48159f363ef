"""Business hall KPIs (halls app). Counter satisfaction is a sum of daily events (evaluations, by the day
of the visit they rate), kept in the summaries like the other rates; the facilities checklist is a state
computed on request by the halls app's own five-in-place source."""
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wanjia.kpi.registry import Direction, Kind, Kpi, Source, has_model, list_url, live_percent, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("halls", "BusinessHall"):
        return
    from wanjia.halls.models import SATISFIED_RATINGS, Evaluation
    from wanjia.halls.scorecard import hall_facilities

    def link(unit, period, breakdown):
        return list_url("halls:figures", unit=unit.code)

    register(
        Kpi(code="halls.counter_satisfaction", name=_("窗口服务满意率"), app="halls", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER, formula=_("期内评价为非常满意或满意的窗口服务次数 ÷ 期内评价次数 × 100%"),
            # The same figure as the halls app's satisfaction_rate: evaluations of the period's visits.
            source=Source(queryset=Evaluation.objects.all, unit="visit__hall__unit", day="visit__served_at",
                          numerator=Count("pk", filter=Q(rating__in=SATISFIED_RATINGS))),
            link=link, roles=(Role.COUNTER, Role.MANAGER)),
        Kpi(code="halls.facilities", name=_("营业厅设施到位率"), app="halls", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER,
            formula=_("各营业厅截至期末最近一次检查中到位的设施项 ÷ 设施清单项 × 100%"),
            live=live_percent(hall_facilities), link=link, roles=(Role.COUNTER,)),
    )
