"""Escalation of open orders (`wanjia tick`, every minute): at risk → the county's dispatchers; overdue →
dispatchers and the station's manager, also by SMS. Each notice has a dedupe key per order, stage and
level, so running twice (or twice at once) notifies once."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wanjia.commitments.models import TimeStatus
from wanjia.notifications.models import Channel
from wanjia.notifications.services import managers_above, notify
from wanjia.org.models import Role, Unit, User
from wanjia.repairs.models import OPEN_STATUSES, RepairOrder
from wanjia.repairs.selectors import order_clock

STAGES = {"arrival": gettext_lazy("到达"), "restoration": gettext_lazy("复电")}


def _nearest(unit: Unit, role: str) -> list[User]:
    """Users with `role` at the unit or, failing that, at the closest unit above it (one query)."""
    paths = [unit.path[:n] for n in range(len(unit.path), 0, -Unit.steplen)]
    users = list(User.objects.filter(unit__path__in=paths, roles__code=role, is_active=True)
                 .select_related("unit").distinct())
    if not users:
        return []
    depth = max(len(u.unit.path) for u in users)
    return [u for u in users if len(u.unit.path) == depth]


def run(now) -> dict:
    orders = RepairOrder.objects.filter(status__in=OPEN_STATUSES).select_related("station", "policy_set")
    recipients: dict[tuple[int, str], list[User]] = {}
    sent = {"checked": 0, "at_risk": 0, "overdue": 0}
    for order in orders.iterator(chunk_size=500):
        sent["checked"] += 1
        clock = order_clock(order, now)
        if clock.status == TimeStatus.ON_TIME:
            continue
        key = (order.station_id, clock.status)
        if key not in recipients:
            people = _nearest(order.station, Role.DISPATCHER)
            if clock.status == TimeStatus.OVERDUE:
                people += managers_above(order.station)
            recipients[key] = people
        subject = _("%(stage)s%(status)s:%(n)s(%(station)s)") % {
            "stage": STAGES[clock.stage], "status": clock.label, "n": order.number, "station": order.station.name}
        created = notify(
            recipients=recipients[key], kind=f"repair.{clock.status}", subject=subject,
            body=_("时限 %(due)s") % {"due": timezone.localtime(clock.due).strftime("%Y-%m-%d %H:%M")},
            link=reverse("repairs:order", args=[order.pk]),
            dedupe_key=f"repair:{order.pk}:{clock.stage}:{clock.status}",
            channels=[Channel.SMS] if clock.status == TimeStatus.OVERDUE else [])
        sent[clock.status] += len(created)
    return sent
