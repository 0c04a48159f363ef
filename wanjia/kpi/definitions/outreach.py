"""Hazard rectification KPIs (outreach app, from the six walk-ins)."""
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.kpi.registry import ActionList, Direction, Kind, Kpi, MapLayer, Source, has_model, list_url, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("outreach", "Hazard"):
        return
    from wanjia.outreach.models import Hazard, HazardStatus

    def link(unit, period, breakdown):
        return list_url("outreach:hazards", unit=unit.code)

    def overdue(user, unit, period, limit):
        today = timezone.localdate()
        rows = (Hazard.objects.restrict(user).filter(unit__path__startswith=unit.path, closed_at__isnull=True,
                                                     deadline__lt=today)
                .exclude(status=HazardStatus.CLOSED).select_related("unit").order_by("deadline")[:limit])
        return [{"label": h.number, "url": reverse("outreach:hazard", args=[h.pk]), "detail": f"{h.unit.name} · {h.get_severity_display()} · {h.description[:40]}",
                 "value": _("逾期 %(d)d 天") % {"d": (today - h.deadline).days}} for h in rows]

    def points(user, unit):
        rows = (Hazard.objects.restrict(user).filter(unit__path__startswith=unit.path, closed_at__isnull=True)
                .select_related("customer", "unit")[:2000])
        out = []
        for h in rows:
            where = h.customer if h.customer and h.customer.latitude is not None else h.unit
            if where.latitude is None:
                continue
            out.append({"lat": where.latitude, "lon": where.longitude, "label": h.number,
                        "url": reverse("outreach:hazard", args=[h.pk]),
                        "popup": f"{h.get_severity_display()} · {h.get_status_display()}"})
        return out

    register(
        Kpi(code="outreach.hazards_on_time", name=_("隱患按期整改率"), app="outreach", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("銷號日期不晚於整改期限的隱患數 ÷ 期內銷號且有整改期限的隱患數 × 100%(按銷號日期計入)"),
            source=Source(queryset=lambda: Hazard.objects.filter(closed_at__isnull=False, deadline__isnull=False),
                          unit="unit", day="closed_at",
                          numerator=Count("pk", filter=Q(closed_at__date__lte=F("deadline")))),
            link=link, roles=(Role.BRANCH_SECRETARY, Role.MANAGER)),
        Kpi(code="outreach.hazards_found", name=_("發現隱患"), app="outreach", kind=Kind.COUNT, unit=_("處"),
            direction=Direction.NEUTRAL, decimals=0, formula=_("期內登記的隱患數,按等級分項"),
            source=Source(queryset=Hazard.objects.all, unit="unit", day="found_on", numerator=Count("pk"),
                          breakdown="severity"),
            breakdown_label=_("等級"), breakdown_labels=lambda: dict(Hazard._meta.get_field("severity").choices),
            link=link, roles=(Role.BRANCH_SECRETARY,)),
        ActionList(code="outreach.overdue_hazards", title=_("逾期未整改的隱患"), app="outreach", rows=overdue),
        MapLayer(code="hazards", title=_("未銷號隱患"), app="outreach", color="#6f42c1", features=points),
    )
