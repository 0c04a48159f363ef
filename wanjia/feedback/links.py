"""The work an opinion can be linked to, how it is found by the number staff type, and when it counts as done.
Done is read from the work's own record, so a link never goes stale."""
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from wanjia.feedback.models import WorkKind


@dataclass(frozen=True)
class Work:
    model: str  # app_label.ModelName
    lookup: str  # the field staff type to find it (a number, or the id)
    done: Q  # on the work's own model


WORK = {
    # A hazard is fixed when it is closed (销号), after verification by someone else.
    WorkKind.HAZARD: Work("outreach.Hazard", "number", Q(status="closed")),
    # Power restored (or the order finished without a restoration, e.g. a customer-side fault).
    WorkKind.REPAIR_ORDER: Work("repairs.RepairOrder", "number", Q(restored_at__isnull=False) | Q(closed_at__isnull=False)),
    WorkKind.APPLICATION: Work("connections.Application", "number", Q(connected_at__isnull=False) | Q(status="completed")),
    WorkKind.PAYMENT_MEASURE: Work("payments.PaymentMeasure", "pk", Q(done_on__isnull=False)),
    WorkKind.TASK: Work("campaign.Task", "pk", Q(done_at__isnull=False)),
}


def work_model(kind: str):
    return apps.get_model(WORK[kind].model)


def is_done(link) -> bool:
    work = WORK[link.kind]
    return work_model(link.kind).objects.filter(work.done, pk=getattr(link, f"{link.kind}_id")).exists()


def done_by_link(links) -> dict[int, bool]:
    """Link id → whether its work is done, with one query per kind present."""
    out = {}
    by_kind: dict[str, dict[int, int]] = {}
    for link in links:
        by_kind.setdefault(link.kind, {})[link.pk] = getattr(link, f"{link.kind}_id")
    for kind, ids in by_kind.items():
        done = set(work_model(kind).objects.filter(WORK[kind].done, pk__in=ids.values()).values_list("pk", flat=True))
        out.update({link_id: work_id in done for link_id, work_id in ids.items()})
    return out
