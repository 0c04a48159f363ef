"""Warn the area's managers and dispatchers once about each forecast gap with a warning level in the coming
days, so a plan can still be published within the notice period. Safe to run every minute and twice at once:
the notification's dedupe key (one per forecast and user) is a unique constraint."""
import datetime as dt

from django.urls import reverse
from django.utils import timezone

from wanjia.notifications.services import managers_above, notify, unit_staff
from wanjia.org.models import Role
from wanjia.orderly.models import ShortageForecast, WarningLevel
from wanjia.orderly.services import warning_level_for

LOOKAHEAD = dt.timedelta(days=3)


def run(now) -> dict:
    levels = list(WarningLevel.objects.order_by("-share_above"))
    sent = 0
    for forecast in ShortageForecast.objects.filter(start__gte=now, start__lt=now + LOOKAHEAD, gap_kw__gt=0
                                                    ).select_related("unit"):
        level = warning_level_for(forecast.gap_kw, forecast.max_demand_kw, levels)
        if level is None:
            continue
        recipients = [*managers_above(forecast.unit), *unit_staff(forecast.unit, Role.DISPATCHER)]
        sent += len(notify(
            recipients=recipients, kind="orderly_warning", dedupe_key=f"orderly-warning-{forecast.pk}",
            subject=f"{level.name}({level.grade}):{forecast.unit.name} {timezone.localtime(forecast.start):%m-%d %H:%M} 缺口 "
                    f"{forecast.gap_kw:.0f} kW({forecast.share:.1%})",
            body="可采取措施:" + "、".join(m.name for m in level.measures.all()),
            link=reverse("orderly:index")))
    return {"warnings_sent": sent}
