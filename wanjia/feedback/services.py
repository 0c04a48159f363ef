"""Writes for forums and feedback items. The loop: received → assigned (responsible unit, deadline) →
answered → delivered (the answer reached the person, and how). Status changes go through
`core.workflow.transition` and leave FeedbackEvents.

The answer deadline is the active policy's `complaint_reply` limit counted from receipt (供电监管办法:
10 working days from the complaint), unless a forum sets its own. An item whose responsible unit is not
known at receipt (portal, web) waits in a triage queue: it has no deadline until the unit is assigned, but the
deadline is then still counted from receipt, so triage time is not free."""
import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign.models import Campaign
from wanjia.commitments.models import TimeUnit
from wanjia.commitments.services import other_limit, other_limit_deadline
from wanjia.core import worktime
from wanjia.core.errors import DomainError
from wanjia.core.workflow import transition
from wanjia.customers.models import Customer
from wanjia.feedback import links
from wanjia.feedback.models import (AttendeeKind, Channel, DeliveryMethod, FeedbackEvent, FeedbackItem,
                                    FeedbackLink, FeedbackStatus, Forum, ForumAttendee, Topic, WorkKind)
from wanjia.notifications.services import managers_above, notify
from wanjia.org.models import Role, Unit, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope


def _topic(value) -> Topic | None:
    if value is None or value == "":
        return None
    if isinstance(value, Topic):
        return value
    topic = Topic.objects.filter(Q(code=value) | Q(name=value)).first()
    if topic is None:
        codes = ", ".join(Topic.objects.values_list("code", flat=True))
        raise DomainError(_("未知的主题「%(t)s」,可选:%(c)s") % {"t": value, "c": codes}, field="topic")
    return topic


def _triage_unit(actor: User | None) -> Unit:
    """Where an item without a responsible unit waits: the receiving user's unit, or the top of the tree
    (the provincial campaign office) for anonymous portal and web items."""
    if actor is not None and getattr(actor, "unit_id", None):
        return actor.unit
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise DomainError(_("尚未建立单位,无法受理。"), field="unit")
    return root


def _create(*, channel: str, content: str, topic, name: str, phone: str, unit: Unit | None, actor: User | None,
            forum: Forum | None = None, customer: Customer | None = None, deadline: dt.datetime | None = None,
            received_at: dt.datetime | None = None) -> FeedbackItem:
    if channel not in Channel.values:
        raise DomainError(_("未知的渠道「%(c)s」。") % {"c": channel}, field="channel")
    if not (content or "").strip():
        raise DomainError(_("请填写意见内容。"), field="content")
    if channel == Channel.FORUM and unit is None:
        raise DomainError(_("座谈会意见必须指定责任单位。"), code="no_unit", field="unit")
    topic = _topic(topic)
    received_at = received_at or timezone.now()
    item = FeedbackItem(
        number=f"tmp-{uuid.uuid4().hex[:16]}", channel=channel, forum=forum, content=content.strip(), topic=topic,
        name=name, phone=phone, customer=customer, queue_unit=unit or _triage_unit(actor), received_at=received_at,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    item.full_clean()
    item.save()
    item.number = f"YJ{received_at:%Y}{item.pk:06d}"
    item.save(update_fields=["number"])
    FeedbackEvent.objects.create(item=item, actor=item.created_by, at=received_at,
                                 to_status=FeedbackStatus.RECEIVED, data={"channel": channel})
    if unit is not None:
        _assign(item, unit=unit, actor=item.created_by, deadline=deadline)
    return item


@transaction.atomic
def feedback_item_create(*, channel: str, content: str, topic: str = "", name: str = "", phone: str = "",
                         unit: Unit | None = None, actor: User | None = None) -> FeedbackItem:
    """Feedback from any channel (forum, counter, hotline, web, portal). `topic` is a topic code or name, or
    empty for triage to fill in; `unit` is the responsible unit, or None to wait in the triage queue (not
    allowed for forum items)."""
    return _create(channel=channel, content=content, topic=topic, name=name, phone=phone, unit=unit, actor=actor)


@transaction.atomic
def forum_opinion_record(*, forum: Forum, content: str, topic, unit: Unit | None, actor: User, name: str = "",
                         phone: str = "", customer: Customer | None = None,
                         deadline: dt.datetime | None = None) -> FeedbackItem:
    """An opinion raised at a forum: responsible unit required; the forum may set its own deadline."""
    ensure_in_scope(actor, forum)
    if unit is not None and not unit.path.startswith(forum.unit.path) and not forum.unit.path.startswith(unit.path):
        raise DomainError(_("责任单位必须是主办单位或其上下级。"), field="unit")
    received_at = timezone.make_aware(dt.datetime.combine(forum.date, dt.time(9, 0))) \
        if forum.date < timezone.localdate() else None
    return _create(channel=Channel.FORUM, content=content, topic=topic, name=name, phone=phone, unit=unit,
                   actor=actor, forum=forum, customer=customer, deadline=deadline, received_at=received_at)


def _assign(item: FeedbackItem, *, unit: Unit, actor: User | None, deadline: dt.datetime | None) -> None:
    now = timezone.now()
    working_days = None
    if deadline is None:
        limit = other_limit("complaint_reply")
        deadline = other_limit_deadline("complaint_reply", item.received_at)
        working_days = limit.amount if limit.unit == TimeUnit.WORKING_DAYS else None
    elif deadline == item.deadline:  # re-assignment keeps the deadline, and how it was counted
        working_days = item.deadline_working_days
    elif deadline <= item.received_at:
        raise DomainError(_("答复期限必须晚于受理时间。"), field="deadline")
    transition(item, FeedbackStatus.ASSIGNED, actor=actor, event_model=FeedbackEvent, event_fk="item",
               data={"unit": unit.code, "deadline": deadline.isoformat()},
               update={"unit": unit, "queue_unit": unit, "assigned_at": now, "deadline": deadline,
                       "deadline_working_days": working_days})


def feedback_deadlines_refresh(*, year: int, **_signal) -> int:
    """After the calendar for `year` changed (a holiday notice entered or removed), count again the working-day
    deadlines of the items not yet answered that it can move: those ending in that year or later. Saved one
    by one (a handful), so the on-time assessment day and the KPI summaries follow; an item whose deadline
    moved into the future may escalate again when it passes."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    now = timezone.now()
    changed = 0
    for item in FeedbackItem.objects.filter(answered_at__isnull=True, deadline_working_days__isnull=False,
                                            deadline__gte=start):
        due = worktime.deadline(item.received_at, working_days=item.deadline_working_days)
        if due == item.deadline:
            continue
        item.deadline = due
        fields = ["deadline"]
        if due > now and item.escalated_at is not None:
            item.escalated_at = None
            fields.append("escalated_at")
        item.save(update_fields=fields)
        changed += 1
    return changed


@transaction.atomic
def feedback_item_assign(*, item: FeedbackItem, unit: Unit, actor: User, topic=None,
                         deadline: dt.datetime | None = None) -> FeedbackItem:
    """Triage (or re-assignment while being handled): set the responsible unit, and the topic if missing."""
    ensure_in_scope(actor, item)
    if unit is None:
        raise DomainError(_("请指定责任单位。"), code="no_unit", field="unit")
    ensure_unit_in_scope(actor, unit)
    topic = _topic(topic) or item.topic
    if topic is None:
        raise DomainError(_("分派前请选择意见主题。"), field="topic")
    if topic != item.topic:
        FeedbackItem.objects.filter(pk=item.pk).update(topic=topic)
        item.topic = topic
    _assign(item, unit=unit, actor=actor, deadline=deadline or item.deadline)
    return item


def feedback_item_answer(*, item: FeedbackItem, answer: str, actor: User) -> FeedbackItem:
    ensure_in_scope(actor, item)
    if not answer.strip():
        raise DomainError(_("请填写答复意见。"), field="answer")
    transition(item, FeedbackStatus.ANSWERED, actor=actor, event_model=FeedbackEvent, event_fk="item", note=answer,
               update={"answer": answer.strip(), "answered_by": actor, "answered_at": timezone.now()})
    return item


def feedback_item_deliver(*, item: FeedbackItem, method: str, actor: User, note: str = "") -> FeedbackItem:
    """Record that the answer reached the person who gave the opinion, and how."""
    ensure_in_scope(actor, item)
    if method not in DeliveryMethod.values:
        raise DomainError(_("请选择反馈方式。"), field="method")
    if method in (DeliveryMethod.PHONE, DeliveryMethod.SMS) and not item.phone:
        raise DomainError(_("该意见没有联系电话,请选择上门、书面或座谈会反馈。"), field="method")
    transition(item, FeedbackStatus.DELIVERED, actor=actor, event_model=FeedbackEvent, event_fk="item", note=note,
               update={"delivered_at": timezone.now(), "delivery_method": method, "delivery_note": note})
    return item


@transaction.atomic
def feedback_item_link(*, item: FeedbackItem, kind: str, reference: str, actor: User) -> FeedbackLink:
    """Link an opinion to the work that fixes it, found by its number (hazard, repair order, application) or
    id (payment measure, task). The work must be one the actor can see; linking it twice is refused."""
    ensure_in_scope(actor, item)
    if kind not in WorkKind.values:
        raise DomainError(_("未知的工作类型「%(k)s」。") % {"k": kind}, field="kind")
    if item.status == FeedbackStatus.RESOLVED:
        raise DomainError(_("该意见已解决。"), field="kind")
    spec = links.WORK[kind]
    reference = (reference or "").strip()
    model = links.work_model(kind)
    if spec.lookup == "pk" and not reference.isdigit():
        work = None
    else:
        work = model.objects.restrict(actor).filter(**{spec.lookup: reference}).first()
    if work is None:
        raise DomainError(_("在您的范围内找不到%(k)s「%(r)s」。") % {"k": WorkKind(kind).label, "r": reference},
                          field="reference")
    if FeedbackLink.objects.filter(item=item, kind=kind, **{kind: work}).exists():
        raise DomainError(_("已关联该工作。"), field="reference")
    link = FeedbackLink(item=item, kind=kind, linked_by=actor, **{kind: work})
    link.full_clean()
    link.save()
    FeedbackEvent.objects.create(item=item, actor=actor, at=timezone.now(), from_status=item.status,
                                 to_status=item.status, note=_("关联%(k)s %(r)s") % {"k": WorkKind(kind).label,
                                                                                    "r": reference},
                                 data={"link": kind, "work": work.pk})
    return link


@transaction.atomic
def feedback_item_resolve(*, item: FeedbackItem, actor: User, reason: str = "") -> FeedbackItem:
    """Resolved: the problem itself was fixed, after the answer was told back. It needs every linked work done;
    without links, or with work still open, only a manager may resolve it, with the reason recorded."""
    ensure_in_scope(actor, item)
    reason = (reason or "").strip()
    item_links = list(item.links.all())
    done = links.done_by_link(item_links)
    if not item_links or not all(done.values()):
        if not actor.has_role(Role.MANAGER):
            raise DomainError(_("关联的整改工作尚未全部完成;没有关联工作或工作未完成时,须由管理人员写明理由确认解决。"),
                              code="work_not_done", field="reason")
        if not reason:
            raise DomainError(_("请写明确认已解决的依据。"), code="reason_required", field="reason")
    transition(item, FeedbackStatus.RESOLVED, actor=actor, event_model=FeedbackEvent, event_fk="item", note=reason,
               data={"links": len(item_links), "all_done": bool(item_links) and all(done.values())},
               update={"resolved_at": timezone.now(), "resolved_by": actor, "resolution_reason": reason})
    return item


@transaction.atomic
def forum_create(*, unit: Unit, title: str, date: dt.date, place: str, actor: User,
                 campaign: Campaign | None = None) -> Forum:
    ensure_unit_in_scope(actor, unit)
    if campaign is not None and not campaign.covers(date):
        raise DomainError(_("座谈会日期不在活动期间内。"), field="date")
    forum = Forum(unit=unit, title=title, date=date, place=place, campaign=campaign)
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def forum_record_held(*, forum: Forum, minutes: str, attendees: Iterable[tuple[str, str, Customer | None]],
                      actor: User) -> Forum:
    """Minutes and attendees (name, kind, customer) once the forum has taken place."""
    ensure_in_scope(actor, forum)
    if forum.date > timezone.localdate():
        raise DomainError(_("座谈会尚未召开。"), field="date")
    if not minutes.strip():
        raise DomainError(_("请填写会议纪要。"), field="minutes")
    rows = []
    for name, kind, customer in attendees:
        if kind not in AttendeeKind.values:
            raise DomainError(_("未知的参会人类别「%(k)s」。") % {"k": kind}, field="attendees")
        rows.append(ForumAttendee(forum=forum, name=name, kind=kind, customer=customer))
    ForumAttendee.objects.bulk_create(rows)
    forum.minutes, forum.held = minutes, True
    forum.save(update_fields=["minutes", "held"])
    return forum


def feedback_escalate_overdue(now: dt.datetime) -> int:
    """Managers above the responsible unit hear once about each item past its answer deadline (once per
    deadline: a deadline a holiday notice moved later is escalated again when it passes)."""
    count = 0
    for item in FeedbackItem.objects.filter(status=FeedbackStatus.ASSIGNED, deadline__lt=now,
                                            escalated_at__isnull=True).select_related("unit"):
        with transaction.atomic():
            if not FeedbackItem.objects.filter(pk=item.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            notify(recipients=managers_above(item.unit), kind="feedback_overdue",
                   subject=_("客户意见 %(n)s 逾期未答复") % {"n": item.number}, body=item.content[:120],
                   link=f"/feedback/items/{item.pk}/", dedupe_key=f"feedback-overdue:{item.pk}:{item.deadline:%Y%m%d%H%M}")
            FeedbackEvent.objects.create(item=item, at=now, from_status=item.status, to_status=item.status,
                                         note=_("逾期升级"), data={"escalated": True})
            count += 1
    return count
