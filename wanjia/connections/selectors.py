"""Reads: lists start from `restrict(user)`; the public status answers only with the number and the phone's
last four digits, and shows nothing personal."""
import datetime as dt

from django.db.models import Case, OuterRef, Prefetch, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.commitments.models import ConnectionStageLimit, GreenStageTarget, TimeStatus
from wanjia.commitments.services import time_status
from wanjia.connections.filtersets import ApplicationFilterSet, open_pause_exists, stage_paused
from wanjia.connections.models import OPEN_STATUSES, Application, StageRecord
from wanjia.connections.services import pause_spans, stage_deadline
from wanjia.core import worktime

PAUSED = "paused"
STATUS_LABELS = {**dict(TimeStatus.choices), PAUSED: _("暂停(等待客户)")}


def with_current_stage(queryset):
    """Annotate the running stage and its deadline (one subquery each) and whether it is paused."""
    running = StageRecord.objects.filter(application=OuterRef("pk"), started_at__isnull=False,
                                         finished_at__isnull=True)
    return queryset.annotate(
        current_stage_due=Subquery(running.values("due_at")[:1]),
        current_stage_started=Subquery(running.values("started_at")[:1]),
        current_handler_id=Subquery(running.values("handler_id")[:1]),
        is_paused=open_pause_exists(),
    )


def green_first():
    """Ordering term: open green-channel applications first in every queue (then the queue's own order)."""
    return Case(When(green_channel__isnull=False, status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))


def application_list(*, user, filters=None):
    base = with_current_stage(Application.objects.restrict(user).select_related("station", "customer",
                                                                                 "green_channel"))
    return ApplicationFilterSet(filters or {}, queryset=base, user=user).qs.order_by(green_first(), "-received_at",
                                                                                    "-id")


def application_detail_queryset(user):
    return Application.objects.restrict(user).select_related("station", "customer", "policy_set",
                                                             "green_channel").prefetch_related(
        Prefetch("stages", queryset=StageRecord.objects.select_related("handler").prefetch_related("pauses")),
    )


def stage_state(stage: StageRecord, *, at_risk_share, now: dt.datetime, planned_days: int | None = None,
                planned_target: int | None = None) -> dict:
    """The stage as shown: deadline so far (an open pause pushes it on while it lasts) and time status, and the
    same against the green channel's internal target where it has one. A stage not started yet shows the limit
    (and target) it will get (`planned_days`, `planned_target`, from the application's policy set)."""
    spans = pause_spans(stage, now)
    paused = any(p.ended_at is None for p in stage.pauses.all())

    def clock(days):
        due = stage_deadline(stage.started_at, days, spans) if stage.started_at else None
        if due is None:
            return None, None
        return due, PAUSED if paused and stage.finished_at is None else time_status(
            started=stage.started_at, due=due, finished=stage.finished_at, now=now, at_risk_share=at_risk_share,
            clock=worktime.WORKING_DAYS, pauses=spans)

    due, status = clock(stage.limit_days)
    target_due, target_status = clock(stage.target_days)
    used = None
    if stage.started_at:
        used = stage.used_days if stage.finished_at else worktime.elapsed_days(stage.started_at, now, pauses=spans)
    limit = stage.limit_days if stage.started_at else planned_days
    target = stage.target_days if stage.started_at else planned_target
    return {"record": stage, "stage": stage.stage, "label": stage.get_stage_display(), "started_at": stage.started_at,
            "finished_at": stage.finished_at, "limit_days": limit, "due_at": due, "status": status,
            "status_label": STATUS_LABELS.get(status, ""), "used_days": used, "paused": paused,
            "pauses": list(stage.pauses.all()), "target_days": target, "target_due_at": target_due,
            "target_status": target_status, "target_status_label": STATUS_LABELS.get(target_status, "")}


def stage_states(application: Application, now: dt.datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    share = application.policy_set.at_risk_share
    stages = list(application.stages.all())
    planned, targets = {}, {}
    if any(s.started_at is None for s in stages):
        rows = {"policy_set_id": application.policy_set_id, "customer_class": application.customer_class}
        planned = dict(ConnectionStageLimit.objects.filter(**rows).values_list("stage", "working_days"))
        if application.green_channel_id:
            targets = dict(GreenStageTarget.objects.filter(**rows).values_list("stage", "working_days"))
    return [stage_state(s, at_risk_share=share, now=now, planned_days=planned.get(s.stage),
                        planned_target=targets.get(s.stage)) for s in stages]


def _running(user):
    return (StageRecord.objects.restrict(user).filter(started_at__isnull=False, finished_at__isnull=True)
            .exclude(stage_paused())
            .select_related("application", "application__station", "application__green_channel", "handler"))


def overdue_stages(*, user, now: dt.datetime | None = None):
    """Running stages past their deadline and not waiting on the customer: green-channel applications first,
    then oldest deadline first."""
    now = now or timezone.now()
    return _running(user).filter(due_at__lt=now).order_by(
        Case(When(application__green_channel__isnull=False, then=Value(0)), default=Value(1)), "due_at")


def behind_target_stages(*, user, now: dt.datetime | None = None):
    """Green-channel stages past their internal target but not (yet) past their deadline, oldest target first:
    the stages to speed up before they are late by the limit too."""
    now = now or timezone.now()
    return (_running(user).filter(target_due_at__lt=now).exclude(due_at__lt=now)
            .order_by("target_due_at"))


def application_public_status(*, number: str, phone_last4: str) -> dict | None:
    """What an applicant may see of their application: stages, dates and deadlines, nothing personal. None
    unless the number exists and its phone ends in these four digits."""
    number, phone_last4 = (number or "").strip().upper(), (phone_last4 or "").strip()
    if not number or len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    application = (Application.objects.select_related("policy_set")
                   .prefetch_related(Prefetch("stages", queryset=StageRecord.objects.prefetch_related("pauses")))
                   .filter(number=number).first())
    if application is None or not application.phone.endswith(phone_last4):
        return None
    now = timezone.now()
    stages = []
    for state in stage_states(application, now):
        stages.append({
            "stage": state["stage"], "label": str(state["label"]), "started_at": state["started_at"],
            "finished_at": state["finished_at"], "limit_days": state["limit_days"], "due_at": state["due_at"],
            "status": state["status"], "status_label": str(state["status_label"]), "paused": state["paused"],
            # the pause's kind only: its free-text detail may name people or places
            "pause_reasons": [str(p.get_reason_display()) for p in state["pauses"] if p.ended_at is None],
        })
    return {
        "number": application.number,
        "application_type": application.application_type,
        "application_type_label": str(application.get_application_type_display()),
        "customer_class": application.customer_class,
        "customer_class_label": str(application.get_customer_class_display()),
        "status": application.status, "status_label": str(application.get_status_display()),
        "received_at": application.received_at, "connected_at": application.connected_at,
        "completed_at": application.completed_at, "stages": stages,
    }


def todo(*, user, now: dt.datetime) -> list:
    """Home page: the stages past their deadline that the user's unit must move on."""
    from django.urls import reverse

    from wanjia.core.home import Todo, TodoRow

    if not user.has_role("counter", "manager"):
        return []
    late = overdue_stages(user=user, now=now)
    return [Todo(_("超时的报装环节"), late.count(), reverse("connections:overdue"), "danger", [
        TodoRow(f"{s.application.number} {s.get_stage_display()}", reverse("connections:detail", args=[s.application_id]),
                s.due_at) for s in late[:5]], order=20)]
