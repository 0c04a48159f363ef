"""Every write to a connection application: keyword-only functions in a transaction that check the domain
rules, re-check the scope and append an event. Deadlines come from the application's policy set and
`core.worktime` (the Chinese working-day calendar); nothing here counts days by itself."""
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.commitments.models import ConnectionStage
from wanjia.commitments.services import active_policy_set, connection_stage_days, green_stage_days
from wanjia.connections.models import (Application, ApplicationDocument, ApplicationEvent, ApplicationStatus,
                                       ApplicationType, BoundaryPoint, BoundaryWork, CapacityRule, CustomerVisit,
                                       DesignationRecord, DesignationScope, IntakeChannel, InvestmentBoundary,
                                       InvestmentRule, Pause, PauseReason, Payer, RequiredDocument, StageRecord,
                                       StageRule, WorkSide)
from wanjia.core import worktime
from wanjia.core.errors import DomainError
from wanjia.core.text import label
from wanjia.core.uploads import validate_document
from wanjia.core.workflow import transition
from wanjia.customers.models import Customer, CustomerClass, GreenChannelKind
from wanjia.notifications.services import notify
from wanjia.org.models import Role, Unit, UnitKind, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope, in_scope

Kind = ApplicationEvent.Kind


# --- rules read from data ---------------------------------------------------------------------------------

def stage_map(customer_class: str, application_type: str, capacity_kva) -> list[str]:
    """The stages an application of this class, type and capacity passes, in order (from `StageRule`)."""
    rules = StageRule.objects.filter(customer_class=customer_class, application_type=application_type)
    stages = [r.stage for r in rules.order_by("position") if r.applies_to(Decimal(capacity_kva))]
    if not stages:
        raise DomainError(_("没有为「%(c)s · %(t)s」配置业扩环节路径,请在管理后台补充。") % {
            "c": CustomerClass(customer_class).label, "t": ApplicationType(application_type).label},
            code="no_stage_map", field="customer_class")
    return stages


def capacity_check(customer_class: str, capacity) -> Decimal:
    """The requested capacity as a Decimal, refused with the reason if not positive or above the class
    ceiling."""
    try:
        kva = Decimal(str(capacity))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("申请容量必须是数字。"), field="requested_kva") from exc
    if not kva.is_finite() or kva <= 0:
        raise DomainError(_("申请容量必须大于 0 kVA。"), field="requested_kva")
    rule = CapacityRule.objects.filter(customer_class=customer_class).first()
    if rule is not None and rule.max_kva is not None and kva > rule.max_kva:
        raise DomainError(
            _("%(cls)s申请容量不能超过 %(max)s kVA(依据:%(src)s)。容量更大的应按其他类别申请。") % {
                "cls": CustomerClass(customer_class).label, "max": f"{rule.max_kva.normalize():f}",
                "src": rule.source},
            code="capacity_above_ceiling", field="requested_kva")
    return kva


def required_documents(application: Application) -> list[RequiredDocument]:
    return list(RequiredDocument.objects.filter(
        customer_class=application.customer_class, is_active=True,
        application_type__in=["", application.application_type]).order_by("position", "id"))


def missing_documents(application: Application) -> list[RequiredDocument]:
    present = set(application.documents.exclude(requirement=None).values_list("requirement_id", flat=True))
    return [r for r in required_documents(application) if r.pk not in present]


def stage_deadline(started_at: dt.datetime, limit_days: int | None, pauses=()) -> dt.datetime | None:
    """End of the limit's last working day after the start day, the clock stopped during the pauses."""
    if limit_days is None or started_at is None:
        return None
    return worktime.deadline(started_at, working_days=limit_days, pauses=pauses)


def stage_deadlines_refresh(*, year: int, **_signal) -> int:
    """After the calendar for `year` changed (a holiday notice entered or removed), recompute the stored
    deadlines (and green-channel target deadlines) of the open stages it can move: those ending in that year
    or later."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    now = timezone.now()
    changed = []
    for record in (StageRecord.objects.filter(finished_at__isnull=True, started_at__isnull=False)
                   .filter(Q(due_at__gte=start) | Q(target_due_at__gte=start)).prefetch_related("pauses")):
        spans = pause_spans(record)
        due = stage_deadline(record.started_at, record.limit_days, spans)
        target_due = stage_deadline(record.started_at, record.target_days, spans)
        if (due, target_due) != (record.due_at, record.target_due_at):
            if due != record.due_at and due is not None and due > now:
                record.overdue_notified_at = None
            record.due_at, record.target_due_at = due, target_due
            changed.append(record)
    StageRecord.objects.bulk_update(changed, ["due_at", "target_due_at", "overdue_notified_at"], batch_size=500)
    return len(changed)


def pause_spans(stage: StageRecord, now: dt.datetime | None = None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The stage's paused spans; an open pause runs until `now` (or is left out when `now` is None)."""
    spans = []
    for p in stage.pauses.all():
        if p.ended_at is not None:
            spans.append((p.started_at, p.ended_at))
        elif now is not None:
            spans.append((p.started_at, max(now, p.started_at)))
    return spans


# --- helpers ---------------------------------------------------------------------------------------------

def _now_or(at: dt.datetime | None, *, field: str = "at") -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + dt.timedelta(minutes=5):
        raise DomainError(_("时间不能晚于现在。"), field=field)
    return at


def _event(application, kind, *, actor, note="", data=None, at=None):
    status = application.status
    return ApplicationEvent.objects.create(application=application, kind=kind, actor=actor, at=at or timezone.now(),
                                           from_status=status, to_status=status, note=note, data=data or {})


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def current_stage(application: Application) -> StageRecord | None:
    return (StageRecord.objects.filter(application=application, started_at__isnull=False, finished_at__isnull=True)
            .first())


def _open_stage_or_refuse(application: Application) -> StageRecord:
    if not application.is_open:
        raise DomainError(_("申请已%(s)s,不能再办理。") % {"s": application.get_status_display()},
                          code="application_closed")
    stage = current_stage(application)
    if stage is None:  # pragma: no cover - an open application always has a running stage
        raise DomainError(_("申请没有进行中的环节。"), code="no_open_stage")
    return stage


def _check_handler(handler: User | None, application: Application) -> None:
    if handler is not None and not (handler.is_active and in_scope(handler, application)):
        raise DomainError(_("处理人「%(u)s」不是负责该申请的单位的人员。") % {"u": handler}, field="handler")


# --- intake ----------------------------------------------------------------------------------------------

@transaction.atomic
def application_intake(*, application_type: str, applicant_name: str, phone: str, customer_class: str,
                       requested_kva, address: str, station: Unit, channel: str, actor: User | None,
                       customer: Customer | None = None, latitude: float | None = None,
                       longitude: float | None = None, received_at: dt.datetime | None = None, note: str = "",
                       documents=(), green_channel: GreenChannelKind | None = None) -> Application:
    """Register an application: its stage map is fixed now, the acceptance stage starts at once. `documents`
    are (RequiredDocument | None, uploaded file) pairs. `green_channel` puts it in the green channel (an
    existing customer's own kind applies when none is given)."""
    errors = {}
    if application_type not in ApplicationType.values:
        errors["application_type"] = [_("业务类型无效。")]
    if customer_class not in CustomerClass.values:
        errors["customer_class"] = [_("客户类别无效。")]
    if channel not in IntakeChannel.values:
        errors["channel"] = [_("受理渠道无效。")]
    if station is None or station.kind != UnitKind.STATION:
        errors["station"] = [_("请选择供电所。")]
    if application_type == ApplicationType.CAPACITY_INCREASE and customer is None:
        errors["customer"] = [_("增容必须选择现有客户(户号)。")]
    if green_channel is not None and not green_channel.is_active:
        errors["green_channel"] = [_("绿色通道类别「%(k)s」已停用。") % {"k": label(green_channel)}]
    phone = (phone or "").strip()
    if not phone.isdigit() or not 7 <= len(phone) <= 20:
        errors["phone"] = [_("请填写有效的联系电话(7–20 位数字),查询进度要用到后四位。")]
    if errors:
        raise ValidationError(errors)
    kva = capacity_check(customer_class, requested_kva)
    if actor is not None:
        ensure_unit_in_scope(actor, station)
    if customer is not None and actor is not None:
        ensure_in_scope(actor, customer, "view")
    received_at = _now_or(received_at, field="received_at")
    policy = active_policy_set()
    stages = stage_map(customer_class, application_type, kva)

    application = Application(
        application_type=application_type, applicant_name=applicant_name.strip(), phone=phone,
        customer_class=customer_class, requested_kva=kva, address=address.strip(), latitude=latitude,
        longitude=longitude, station=station, channel=channel, policy_set=policy, received_at=received_at,
        customer=customer, note=note, created_by=actor, status=stages[0],
        green_channel=green_channel or (customer.green_channel if customer is not None else None),
    )
    application.full_clean(exclude=["number"])
    application.save()
    local = timezone.localtime(received_at)
    application.number = f"YK{local:%Y%m%d}{application.pk:06d}"
    application.save(update_fields=["number"])
    records = [StageRecord(application=application, stage=stage, position=i) for i, stage in enumerate(stages)]
    first = records[0]
    first.handler = actor
    _start(first, application, received_at)
    StageRecord.objects.bulk_create(records)
    ApplicationEvent.objects.create(application=application, kind=Kind.STATUS, actor=actor, at=received_at,
                                    from_status="", to_status=application.status,
                                    note=_("受理渠道:%(c)s") % {"c": IntakeChannel(channel).label})
    if channel == IntakeChannel.COUNTER:
        CustomerVisit.objects.create(application=application, at=received_at, purpose=_("到厅提交申请"),
                                     recorded_by=actor)
    for requirement, upload in documents:
        document_add(application=application, file=upload, requirement=requirement, actor=actor)
    if actor is not None:
        ensure_in_scope(actor, application)
    return application


def _start(record: StageRecord, application: Application, at: dt.datetime) -> None:
    record.started_at = at
    record.limit_days = connection_stage_days(record.stage, application.customer_class, application.policy_set)
    record.due_at = stage_deadline(at, record.limit_days)
    record.target_days = (green_stage_days(record.stage, application.customer_class, application.policy_set)
                          if application.green_channel_id else None)
    record.target_due_at = stage_deadline(at, record.target_days)


@transaction.atomic
def document_add(*, application: Application, file, actor: User | None,
                 requirement: RequiredDocument | None = None, name: str = "") -> ApplicationDocument:
    if actor is not None:
        ensure_in_scope(actor, application)
    if not application.is_open:
        raise DomainError(_("申请已结束,不能再上传资料。"), code="application_closed")
    if requirement is not None and requirement.customer_class != application.customer_class:
        raise DomainError(_("「%(n)s」不是该类客户的清单项。") % {"n": requirement.name}, field="requirement")
    client_name = file.name  # shown as the document's title; the stored name is generated
    try:
        validate_document(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = ApplicationDocument(application=application, requirement=requirement, file=file,
                                   name=name or (requirement.name if requirement else client_name)[:200],
                                   uploaded_by=actor)
    document.save()
    _event(application, Kind.DOCUMENT, actor=actor, note=document.name, data={"document": document.pk})
    return document


# --- stages ----------------------------------------------------------------------------------------------

@transaction.atomic
def stage_finish(*, application: Application, stage: str, actor: User | None, at: dt.datetime | None = None,
                 note: str = "", next_handler: User | None = None) -> StageRecord:
    """Finish the running stage and start the next one of the map at the same moment. Refuses a stage that
    is not the running one (no skipping), a finish before the start, a paused stage, and completing
    acceptance while required documents are missing (the message lists them)."""
    application = _lock(application)
    if actor is not None:
        ensure_in_scope(actor, application)
    record = _open_stage_or_refuse(application)
    if stage not in ConnectionStage.values:
        raise DomainError(_("环节无效。"), field="stage")
    if stage != record.stage:
        pending = list(application.stages.filter(finished_at__isnull=True, position__lt=_position(application, stage))
                       .values_list("stage", flat=True))
        if not application.stages.filter(stage=stage).exists():
            raise DomainError(_("该申请的环节路径中没有「%(s)s」。") % {"s": ConnectionStage(stage).label},
                              code="stage_not_in_map", field="stage")
        if application.stages.filter(stage=stage, finished_at__isnull=False).exists():
            raise DomainError(_("「%(s)s」已经完成。") % {"s": ConnectionStage(stage).label}, code="stage_done",
                              field="stage")
        raise DomainError(_("不能跳过必经环节:%(s)s。") % {"s": "、".join(str(ConnectionStage(s).label) for s in pending)},
                          code="stage_skipped", field="stage")
    _check_handler(next_handler, application)
    at = _now_or(at)
    if at < record.started_at:
        raise DomainError(_("完成时间不能早于环节开始时间(%(t)s)。") % {
            "t": f"{timezone.localtime(record.started_at):%Y-%m-%d %H:%M}"}, code="finish_before_start", field="at")
    if record.pauses.filter(ended_at__isnull=True).exists():
        raise DomainError(_("环节暂停中,请先恢复再办结。"), code="stage_paused")
    last_pause_end = max((p.ended_at for p in record.pauses.all()), default=None)
    if last_pause_end and at < last_pause_end:
        raise DomainError(_("完成时间不能早于最后一次恢复时间。"), code="finish_before_start", field="at")
    if record.stage == ConnectionStage.ACCEPTANCE:
        missing = missing_documents(application)
        if missing:
            raise DomainError(_("必备资料不全,不能完成受理。缺:%(m)s。") % {"m": "、".join(label(d) for d in missing)},
                              code="documents_missing", field="documents")
        if application.customer_id is None:
            application.customer = _customer_for(application)
    spans = pause_spans(record)
    record.finished_at = at
    record.note = note
    record.due_at = stage_deadline(record.started_at, record.limit_days, spans)
    record.target_due_at = stage_deadline(record.started_at, record.target_days, spans)
    record.used_days = worktime.elapsed_days(record.started_at, at, pauses=spans)
    record.save(update_fields=["finished_at", "note", "due_at", "target_due_at", "used_days"])

    following = application.stages.filter(position__gt=record.position).order_by("position").first()
    update = {}
    if record.stage == ConnectionStage.METERING:
        update.update(_connection_figures(application, at))
    if application.customer_id and "customer" not in update:
        update["customer"] = application.customer
    if following is None:
        to_status, update["completed_at"] = ApplicationStatus.COMPLETED, at
    else:
        to_status = following.stage
        following.handler = next_handler or record.handler
        _start(following, application, at)
        following.save(update_fields=["handler", "started_at", "limit_days", "due_at", "target_days", "target_due_at"])
    transition(application, to_status, actor=actor, event_model=ApplicationEvent, event_fk="application",
               note=note, at=at, data={"stage": record.stage, "used_days": round(record.used_days, 2)},
               update=update)
    return record


def _position(application: Application, stage: str) -> int:
    found = application.stages.filter(stage=stage).values_list("position", flat=True).first()
    return found if found is not None else 1 << 15


def _connection_figures(application: Application, connected_at: dt.datetime) -> dict:
    """Getting electricity: utility time (stages minus pauses) and overall time, up to connection."""
    used = sum(application.stages.filter(finished_at__isnull=False).exclude(stage=ConnectionStage.ARCHIVED)
               .values_list("used_days", flat=True))
    return {"connected_at": connected_at, "utility_days": used,
            "total_days": worktime.elapsed_days(application.received_at, connected_at)}


def _customer_for(application: Application) -> Customer:
    """New connections become customers when acceptance completes."""
    customer = Customer(account_number=application.number, name=application.applicant_name,
                        customer_class=application.customer_class, address=application.address,
                        latitude=application.latitude, longitude=application.longitude, phone=application.phone,
                        station=application.station, green_channel=application.green_channel)
    customer.full_clean()
    customer.save()
    return customer


@transaction.atomic
def stage_assign(*, application: Application, handler: User, actor: User | None) -> StageRecord:
    application = _lock(application)
    if actor is not None:
        ensure_in_scope(actor, application)
    record = _open_stage_or_refuse(application)
    _check_handler(handler, application)
    record.handler = handler
    record.save(update_fields=["handler"])
    _event(application, Kind.ASSIGN, actor=actor, note=str(handler), data={"stage": record.stage,
                                                                             "handler": handler.pk})
    return record


@transaction.atomic
def stage_pause(*, application: Application, reason: str, detail: str, actor: User | None,
                at: dt.datetime | None = None, needs_visit: bool = False) -> Pause:
    """Stop the running stage's clock while it waits on the customer. A reason is required."""
    application = _lock(application)
    if actor is not None:
        ensure_in_scope(actor, application)
    record = _open_stage_or_refuse(application)
    errors = {}
    if reason not in PauseReason.values:
        errors["reason"] = [_("请选择暂停原因。")]
    if not (detail or "").strip():
        errors["detail"] = [_("暂停必须写明等待客户的具体事项。")]
    if errors:
        raise ValidationError(errors)
    if record.pauses.filter(ended_at__isnull=True).exists():
        raise DomainError(_("环节已在暂停中。"), code="already_paused")
    at = _now_or(at)
    last_end = max([record.started_at, *(p.ended_at for p in record.pauses.all())])
    if at < last_end:
        raise DomainError(_("暂停时间不能早于环节开始或上次恢复的时间。"), field="at")
    pause = Pause.objects.create(stage=record, reason=reason, detail=detail.strip(), needs_visit=needs_visit,
                                 started_at=at, started_by=actor)
    _event(application, Kind.PAUSE, actor=actor, at=at, note=f"{pause.get_reason_display()}:{pause.detail}",
           data={"stage": record.stage, "pause": pause.pk})
    return pause


@transaction.atomic
def stage_resume(*, application: Application, actor: User | None, at: dt.datetime | None = None) -> Pause:
    """Restart the clock; the deadline moves by the paused working time."""
    application = _lock(application)
    if actor is not None:
        ensure_in_scope(actor, application)
    record = _open_stage_or_refuse(application)
    pause = record.pauses.filter(ended_at__isnull=True).first()
    if pause is None:
        raise DomainError(_("环节没有在暂停中。"), code="not_paused")
    at = _now_or(at)
    if at < pause.started_at:
        raise DomainError(_("恢复时间不能早于暂停时间。"), field="at")
    pause.ended_at, pause.ended_by = at, actor
    pause.save(update_fields=["ended_at", "ended_by"])
    spans = pause_spans(record)
    record.due_at = stage_deadline(record.started_at, record.limit_days, spans)
    record.target_due_at = stage_deadline(record.started_at, record.target_days, spans)
    update = ["due_at", "target_due_at"]
    if record.due_at and record.due_at > timezone.now():
        record.overdue_notified_at = None  # a new deadline may be missed again: notify again then
        update.append("overdue_notified_at")
    record.save(update_fields=update)
    if pause.needs_visit:
        CustomerVisit.objects.create(application=application, at=at, purpose=pause.detail[:200], recorded_by=actor)
    _event(application, Kind.RESUME, actor=actor, at=at, data={"stage": record.stage, "pause": pause.pk})
    return pause


@transaction.atomic
def visit_record(*, application: Application, purpose: str, actor: User | None,
                 at: dt.datetime | None = None) -> CustomerVisit:
    if actor is not None:
        ensure_in_scope(actor, application)
    if not (purpose or "").strip():
        raise ValidationError({"purpose": [_("请写明客户到厅办理的事项。")]})
    at = _now_or(at)
    if at < application.received_at:
        raise DomainError(_("时间不能早于受理时间。"), field="at")
    visit = CustomerVisit.objects.create(application=application, at=at, purpose=purpose.strip(), recorded_by=actor)
    _event(application, Kind.VISIT, actor=actor, at=at, note=visit.purpose)
    return visit


@transaction.atomic
def application_withdraw(*, application: Application, reason: str, actor: User | None) -> Application:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("撤销必须写明原因。")]})
    application = _lock(application)
    if actor is not None:
        ensure_in_scope(actor, application)
    record = _open_stage_or_refuse(application)
    now = timezone.now()
    Pause.objects.filter(stage=record, ended_at__isnull=True).update(ended_at=now, ended_by=actor)
    transition(application, ApplicationStatus.WITHDRAWN, actor=actor, event_model=ApplicationEvent,
               event_fk="application", note=reason.strip(), at=now, update={"completed_at": now})
    return application


# --- 三指定 ---------------------------------------------------------------------------------------------

def auditors_for(unit: Unit) -> list[User]:
    """Auditors of the unit and of every unit above it (a county's auditors see their stations' records)."""
    step = Unit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    return list(User.objects.filter(unit__path__in=paths, is_active=True, roles__code=Role.AUDITOR).distinct())


@transaction.atomic
def designation_record(*, application: Application, scope: str, chosen_freely: bool, chosen_party: str,
                       declared_by: str, actor: User | None, staff_recommended: bool = False,
                       recommendation_detail: str = "") -> DesignationRecord:
    """Record whom the customer chose for design, construction or equipment, as the customer states it. A
    choice that was not free or a staff recommendation is flagged and sent to the auditors."""
    if actor is not None:
        ensure_in_scope(actor, application)
    errors = {}
    if scope not in DesignationScope.values:
        errors["scope"] = [_("事项无效。")]
    if not (chosen_party or "").strip():
        errors["chosen_party"] = [_("请由客户填写所选单位的名称。")]
    if not (declared_by or "").strip():
        errors["declared_by"] = [_("请填写确认的客户方人员。")]
    if (staff_recommended or not chosen_freely) and not (recommendation_detail or "").strip():
        errors["recommendation_detail"] = [_("有推荐、指定或非自主选择时,必须写明具体情况。")]
    if errors:
        raise ValidationError(errors)
    flagged = bool(staff_recommended or not chosen_freely)
    record, created = DesignationRecord.objects.update_or_create(
        application=application, scope=scope,
        defaults={"chosen_freely": chosen_freely, "chosen_party": chosen_party.strip(),
                  "staff_recommended": staff_recommended, "recommendation_detail": recommendation_detail.strip(),
                  "declared_by": declared_by.strip(), "recorded_at": timezone.now(), "recorded_by": actor,
                  "is_flagged": flagged, "reviewed_at": None, "reviewed_by": None, "review_note": ""},
    )
    _event(application, Kind.DESIGNATION, actor=actor, note=f"{record.get_scope_display()}:{record.chosen_party}",
           data={"scope": scope, "flagged": flagged, "chosen_freely": chosen_freely,
                 "staff_recommended": staff_recommended})
    if flagged:
        notify(recipients=auditors_for(application.station), kind="connections.designation_flag",
               subject=_("三指定疑点:%(n)s %(s)s") % {"n": application.number, "s": record.get_scope_display()},
               body=record.recommendation_detail, link=f"/connections/{application.pk}/",
               dedupe_key=f"connections:designation:{record.pk}:{record.recorded_at:%Y%m%d%H%M%S}")
    return record


@transaction.atomic
def designation_review(*, record: DesignationRecord, actor: User, note: str) -> DesignationRecord:
    """An auditor's conclusion on a flagged record."""
    if not actor.has_role(Role.AUDITOR):
        raise PermissionDenied(_("只有稽核人员可以填写稽核意见。"))
    if not in_scope(actor, record):
        raise PermissionDenied(_("该记录不在您的单位范围内。"))
    if not (note or "").strip():
        raise ValidationError({"note": [_("请填写稽核意见。")]})
    record.reviewed_at, record.reviewed_by, record.review_note = timezone.now(), actor, note.strip()
    record.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    _event(record.application, Kind.REVIEW, actor=actor, note=record.review_note,
           data={"scope": record.scope, "designation": record.pk})
    return record


# --- 业扩投资界面 -------------------------------------------------------------------------------------------

def zero_investment_applies(application: Application) -> bool:
    """The class's rule (policy data, shared/regulations.md: zero customer investment for low voltage up to
    160 kW) covers the requested capacity. Capacity is compared in kVA, as applied for: at a power factor
    below 1 the kW figure is lower, so this never denies zero investment to an application under the limit."""
    rule = InvestmentRule.objects.filter(customer_class=application.customer_class).first()
    return bool(rule and rule.zero_investment_max_kva is not None
                and application.requested_kva <= rule.zero_investment_max_kva)


def boundary_flags(*, zero_investment: bool, boundary_point: str, works) -> list[str]:
    reasons = []
    if any(w["side"] == WorkSide.UTILITY and w["payer"] == Payer.CUSTOMER for w in works):
        reasons.append(_("客户承担了产权分界点电源侧的工程费用"))
    if zero_investment and boundary_point != BoundaryPoint.METER:
        reasons.append(_("零投资范围内,供电企业应投资到计量装置,产权分界点应在电能表处"))
    return reasons


@transaction.atomic
def boundary_record(*, application: Application, boundary_point: str, works, actor: User | None,
                    description: str = "") -> InvestmentBoundary:
    """Record (or revise) where the property boundary lies and who pays for each work (`works`: dicts with
    description, side, payer). A customer paying for utility-side works, or a zero-investment application
    whose boundary is not at the meter, is flagged and sent to the auditors, like a 三指定 record."""
    if actor is not None:
        ensure_in_scope(actor, application)
    works = [dict(w) for w in works]
    errors = {}
    if boundary_point not in BoundaryPoint.values:
        errors["boundary_point"] = [_("产权分界点无效。")]
    for w in works:
        if not (w.get("description") or "").strip() or w.get("side") not in WorkSide.values \
                or w.get("payer") not in Payer.values:
            errors["works"] = [_("每项工程须写明内容、位置(电源侧/客户侧)和出资方(供电企业/客户)。")]
    if not works:
        errors["works"] = [_("请至少登记一项工程及其出资方。")]
    if errors:
        raise ValidationError(errors)
    zero = zero_investment_applies(application)
    reasons = boundary_flags(zero_investment=zero, boundary_point=boundary_point, works=works)
    boundary, _created = InvestmentBoundary.objects.update_or_create(application=application, defaults={
        "boundary_point": boundary_point, "description": description.strip(), "zero_investment": zero,
        "is_flagged": bool(reasons), "flag_reason": ";".join(reasons), "recorded_at": timezone.now(),
        "recorded_by": actor})
    boundary.works.all().delete()
    BoundaryWork.objects.bulk_create([BoundaryWork(boundary=boundary, description=w["description"].strip(),
                                                   side=w["side"], payer=w["payer"]) for w in works])
    _event(application, Kind.BOUNDARY, actor=actor, note=boundary.get_boundary_point_display(),
           data={"flagged": bool(reasons), "zero_investment": zero, "works": len(works)})
    if reasons:
        notify(recipients=auditors_for(application.station), kind="connections.boundary_flag",
               subject=_("投资界面疑点:%(n)s") % {"n": application.number}, body=boundary.flag_reason,
               link=f"/connections/{application.pk}/",
               dedupe_key=f"connections:boundary:{boundary.pk}:{boundary.recorded_at:%Y%m%d%H%M%S}")
    return boundary
