"""Payment KPIs (payments app): residential coverage by payment points and fast posting, computed on request by
the payments app's own five-in-place sources (`payments.scorecard`); payment points on the map."""
from django.utils.translation import gettext_lazy as _

from wanjia.core.text import label
from wanjia.kpi.registry import Direction, Kind, Kpi, MapLayer, has_model, list_url, live_percent, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("payments", "PaymentChannel"):
        return
    from wanjia.payments.models import PaymentChannel
    from wanjia.payments.scorecard import fast_collection, payment_channels

    def points(user, unit):
        rows = (PaymentChannel.objects.restrict(user).filter(unit__path__startswith=unit.path, is_active=True,
                                                             latitude__isnull=False)
                .select_related("kind")[:5000])
        return [{"lat": c.latitude, "lon": c.longitude, "label": c.name, "url": list_url("payments:channels"),
                 "popup": f"{label(c.kind)} · {c.address} {c.hours}"} for c in rows]

    register(
        Kpi(code="payments.channel_coverage", name=_("缴费网点覆盖率"), app="payments", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER, compares=False,
            formula=_("按住址(无坐标时按台区)距期末在用实体缴费网点不超过缴费难距离标准、或所在村已完成流动收费等措施的"
                      "居民客户 ÷ 已定位的居民客户 × 100%"),
            live=live_percent(payment_channels),
            link=lambda unit, period, breakdown: list_url("payments:coverage", unit=unit.code),
            roles=(Role.MANAGER, Role.COUNTER)),
        Kpi(code="payments.fast_collection", name=_("缴费及时入账率"), app="payments", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER,
            formula=_("期内在入账时限内入账的缴费笔数 ÷ 期内缴费笔数 × 100%"),
            live=live_percent(fast_collection),
            link=lambda unit, period, breakdown: list_url("payments:collection", unit=unit.code),
            roles=(Role.COUNTER,)),
        MapLayer(code="payment_points", title=_("缴费网点"), app="payments", color="#198754", features=points,
                 cluster=True),
    )
