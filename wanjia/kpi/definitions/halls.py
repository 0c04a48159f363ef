"""Business hall KPIs (halls app), computed on request by the halls app's own five-in-place sources."""
from django.utils.translation import gettext_lazy as _

from wanjia.kpi.registry import Direction, Kind, Kpi, has_model, list_url, live_percent, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("halls", "BusinessHall"):
        return
    from wanjia.halls.scorecard import counter_service, hall_facilities

    def link(unit, period, breakdown):
        return list_url("halls:figures", unit=unit.code)

    register(
        Kpi(code="halls.counter_satisfaction", name=_("窗口服务满意率"), app="halls", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER, formula=_("期内评价为非常满意或满意的窗口服务次数 ÷ 期内评价次数 × 100%"),
            live=live_percent(counter_service), link=link, roles=(Role.COUNTER, Role.MANAGER)),
        Kpi(code="halls.facilities", name=_("营业厅设施到位率"), app="halls", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER,
            formula=_("各营业厅截至期末最近一次检查中到位的设施项 ÷ 设施清单项 × 100%"),
            live=live_percent(hall_facilities), link=link, roles=(Role.COUNTER,)),
    )
