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
        Kpi(code="outreach.hazards_on_time", name=_("隐患按期整改率"), app="outreach", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("销号日期不晚于整改期限的隐患数 ÷ 期内考核的隐患数 × 100%。按期销号的按销号日考核;逾期的——"
                      "无论是否已销号——按期限次日考核,未销号的也计为逾期"),
            source=Source(queryset=lambda: Hazard.objects.filter(rectification_assessed_on__isnull=False),
                          unit="unit", day="rectification_assessed_on",
                          numerator=Count("pk", filter=Q(closed_at__date__lte=F("deadline")))),
            link=link, roles=(Role.BRANCH_SECRETARY, Role.MANAGER)),
        Kpi(code="outreach.hazards_found", name=_("发现隐患"), app="outreach", kind=Kind.COUNT, unit=_("处"),
            direction=Direction.NEUTRAL, decimals=0, formula=_("期内登记的隐患数,按等级分项"),
            source=Source(queryset=Hazard.objects.all, unit="unit", day="found_on", numerator=Count("pk"),
                          breakdown="severity"),
            breakdown_label=_("等级"), breakdown_labels=lambda: dict(Hazard._meta.get_field("severity").choices),
            link=link, roles=(Role.BRANCH_SECRETARY,)),
        ActionList(code="outreach.overdue_hazards", title=_("逾期未整改的隐患"), app="outreach", rows=overdue),
        MapLayer(code="hazards", title=_("未销号隐患"), app="outreach", color="#6f42c1", features=points),
    )
