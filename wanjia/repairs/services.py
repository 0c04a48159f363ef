"""Every write on repair orders, crews and callbacks. Status changes go through `core.workflow.transition`
only; each records who and when. Outage writes live in `outages.py`."""
import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.commitments.services import active_policy_set, green_repair_target, repair_limit
from wanjia.core import worktime
from wanjia.core.cache import KeyedProcessCache, ProcessCache
from wanjia.core.errors import DomainError
from wanjia.core.permissions import ensure_permitted, permits
from wanjia.core.rows import partial_instance
from wanjia.core.uploads import validate_image
from wanjia.core.workflow import transition
from wanjia.customers.models import Customer
from wanjia.network.models import Transformer
from wanjia.notifications.models import Channel as NoticeChannel
from wanjia.notifications.services import managers_above, notify, notify_phone
from wanjia.org.models import Role, Unit, UnitKind, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope, in_scope
from wanjia.org.services import station_for_location
from wanjia.repairs import outages
from wanjia.repairs.selectors import is_crew_of
from wanjia.repairs.models import (NOT_ARRIVED_STATUSES, Callback, Channel, Crew, FaultCategory, FollowUp,
                                   OrderCounter, OrderStatus, Outage, RepairOrder, RepairOrderEvent, RepairPhoto,
                                   Satisfaction, Urgency)

PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{4,18}[0-9]$")
# A crew may record a step a little later than it happened, but never in the future (clocks drift a bit).
CLOCK_SKEW = dt.timedelta(minutes=5)


# --- numbering ------------------------------------------------------------------------------------------

def _bump(station: Unit, day: dt.date) -> int | None:
    """One `UPDATE ... RETURNING` (PostgreSQL, SQLite 3.35+): the new value, or None without today's row."""
    table = OrderCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + 1 WHERE unit_id = %s AND date = %s RETURNING last",
                       [station.pk, day])
        row = cursor.fetchone()
    return row[0] if row else None


def _next_number(station: Unit, when: dt.datetime) -> str:
    """`<station code>-<yyyymmdd>-<seq>`. The counter row is bumped with one UPDATE, which holds its row
    lock until the caller's transaction ends, so two concurrent intakes never read the same value."""
    day = timezone.localdate(when)
    seq = _bump(station, day)
    if seq is None:
        try:
            with transaction.atomic():
                OrderCounter.objects.create(unit=station, date=day, last=1)
                seq = 1
        except IntegrityError:  # another intake created today's row first
            seq = _bump(station, day)
    return f"{station.code}-{day:%Y%m%d}-{seq:04d}"


# Read by every intake; edited in the admin now and then (core.cache).
_categories = ProcessCache(lambda: {c.code: c for c in FaultCategory.objects.filter(is_active=True)},
                           watch=(FaultCategory,))


# --- intake ---------------------------------------------------------------------------------------------

# Stations as intake reads them (code, kind, area type, path); edited now and then (core.cache). Sized for
# every station of a province (86 counties), so a busy day does not keep emptying it.
_stations = KeyedProcessCache(lambda pk: Unit.objects.get(pk=pk), watch=(Unit,), size=5000)


def _routed_customers(column: str, value: str, *, limit: int) -> list[Customer]:
    """Customers whose `column` is `value`, with what routing and grouping read: the station, and the
    transformer's feeder and name (the feeder is locked and read by the grouping itself). In SQL written
    here: every intake runs it, and building it with the ORM's select_related cost three times the CPU."""
    rows = list(Customer.objects.raw(
        f"SELECT c.*, t.feeder_id AS transformer_feeder, t.name AS transformer_name"
        f" FROM {Customer._meta.db_table} c LEFT JOIN {Transformer._meta.db_table} t ON t.id = c.transformer_id"
        f" WHERE c.{column} = %s LIMIT {limit}", [value]))
    for customer in rows:
        Customer.station.field.set_cached_value(customer, _stations.get(customer.station_id))
        transformer = None
        if customer.transformer_id is not None:
            transformer = partial_instance(Transformer, customer._state.db, id=customer.transformer_id,
                                           feeder_id=customer.transformer_feeder, name=customer.transformer_name)
        Customer.transformer.field.set_cached_value(customer, transformer)
    return rows


def _check_intake(*, channel, phone, description, category, account_number, latitude, longitude, photos):
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("未知的报修渠道。")]
    if not phone:
        errors["phone"] = [_("请填写联系电话,以便抢修人员联系。")]
    elif not PHONE_RE.match(phone):
        errors["phone"] = [_("电话号码格式不正确。")]
    if not description:
        errors["description"] = [_("请描述故障情况。")]
    category_obj = _categories.get().get(category)
    if category_obj is None:
        errors["category"] = [_("未知的故障类别。")]
    customer = None
    if account_number:
        customer = next(iter(_routed_customers("account_number", account_number, limit=1)), None)
        if customer is None:
            errors["account_number"] = [_("户号 %(n)s 不存在,请核对。") % {"n": account_number}]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("纬度和经度必须同时填写。")]
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors["latitude"] = [_("经纬度超出范围。")]
    photo_errors = []
    for photo in photos:
        try:
            validate_image(photo)
        except ValidationError as exc:
            photo_errors.extend(f"{photo.name}: {m}" for m in exc.messages)
    if photo_errors:
        errors["photos"] = photo_errors
    if errors:
        raise ValidationError(errors)
    return category_obj, customer


def order_intake(*, channel: str, caller_name: str, phone: str, description: str, category: str,
                 account_number: str = "", latitude: float | None = None, longitude: float | None = None,
                 address: str = "", actor: User | None = None, photos=(), received_at: dt.datetime | None = None,
                 station: Unit | None = None, urgency: int | None = None, needs_placing: bool = False) -> RepairOrder:
    """Turn a report from any channel into a repair order: find the customer and the serving station, set
    the arrival deadline from the active policy, join it to an outage (or answer it from a planned one).
    `station` places a report without a customer (an address or a place the caller picked, matched by the
    channel; a position given with it only marks the map); `urgency` raises the category's urgency (a caller
    reporting danger); `needs_placing` marks a report filed on a triage station for the dispatcher to place
    (`order_move_station`).
    Raises ValidationError with field names; nothing is saved on error."""
    if actor is not None:  # the public channels (portal, Open311) file without a signed-in actor
        ensure_permitted(actor, "repairs.order", "create")
    phone, description = (phone or "").strip(), (description or "").strip()
    account_number = (account_number or "").strip()
    category_obj, customer = _check_intake(
        channel=channel, phone=phone, description=description, category=category, account_number=account_number,
        latitude=latitude, longitude=longitude, photos=photos)
    if customer is None:
        matches = _routed_customers("phone", phone, limit=2)
        customer = matches[0] if len(matches) == 1 else None
    if customer is not None and latitude is None:
        latitude, longitude = customer.latitude, customer.longitude
    if customer is not None:
        station = customer.station
    elif station is not None:
        if station.kind != UnitKind.STATION:
            raise ValidationError({"address": [_("报修只能落到供电所。")]})
    elif latitude is not None:
        station = station_for_location(latitude, longitude)
        if station is None:
            raise ValidationError({"latitude": [_("该位置不在任何供电所的服务区域内,请核对位置或提供户号。")]})
    else:
        raise ValidationError({"account_number": [_("请提供户号或故障位置(经纬度),以确定负责的供电所。")]})
    policy = active_policy_set()
    limit = repair_limit(station.area_type, policy)
    green_channel_id = customer.green_channel_id if customer is not None else None
    target = green_repair_target(station.area_type, policy) if green_channel_id else None
    received_at = received_at or timezone.now()
    urgency = min(category_obj.urgency, urgency or Urgency.NORMAL,
                  Urgency.PROTECTED_LOAD if customer is not None and customer.is_protected_load else Urgency.NORMAL)
    order = RepairOrder(
        channel=channel, caller_name=(caller_name or "").strip() or _("未留姓名"), phone=phone, customer=customer,
        address=(address or "").strip() or (customer.address if customer else ""),
        latitude=latitude, longitude=longitude, description=description, category=category_obj,
        urgency=urgency, station=station, policy_set=policy, area_type=station.area_type,
        received_at=received_at, arrival_due=worktime.deadline(received_at, minutes=limit.arrival_minutes),
        restoration_minutes=limit.restoration_minutes, created_by=actor,
        needs_placing=needs_placing and customer is None and latitude is None,
        green_channel_id=green_channel_id,
        **_green_targets(target, received_at),
    )
    # Checked before anything is written. The related rows were just read, and the number and the outage
    # come from the counter and the grouping below: skip those checks (and their re-reads), validate the rest.
    order.full_clean(exclude=["number", "customer", "category", "station", "policy_set", "created_by",
                              "green_channel", "outage"], validate_unique=False)
    # No savepoint: in an API create this is part of the idempotency key's transaction, and only a database
    # error can stop it here, which ends the whole transaction anyway.
    with transaction.atomic(savepoint=False):
        order.number = _next_number(station, received_at)  # the counter row first, then the feeder: one order
        if customer is not None:
            order.outage = outages.call_outage(
                customer=customer, at=received_at,
                group=category_obj.groups_into_outage and customer.transformer_id is not None)
        order.save()
        event = RepairOrderEvent.objects.create(order=order, actor=actor, at=received_at,
                                                to_status=OrderStatus.RECEIVED, note=Channel(channel).label)
        for photo in photos:
            RepairPhoto.objects.create(order=order, image=photo, uploaded_by=actor)
        if order.outage is not None and order.outage.kind == Outage.Kind.PLANNED:
            _answer_from_planned_outage(order, order.outage, actor)
        else:
            # The new order's only event, as the answer shows it: no read-back of what was just written.
            # (A prefetch cache is a queryset whose results are already in: `order.events` keeps working.)
            known = RepairOrderEvent.objects.filter(order=order)
            known._result_cache, known._prefetch_done = [event], True
            order._prefetched_objects_cache = {"events": known}
    return order


def _green_targets(target, received_at: dt.datetime) -> dict:
    """The green channel's internal targets of an order received at `received_at` (none without a target row)."""
    if target is None:
        return {"target_arrival_due": None, "target_restoration_minutes": None}
    return {"target_arrival_due": worktime.deadline(received_at, minutes=target.arrival_minutes),
            "target_restoration_minutes": target.restoration_minutes}


def _answer_from_planned_outage(order: RepairOrder, planned, actor) -> None:
    """A call from inside a planned outage (the order's outage) is answered with the notice, not sent to a
    crew."""
    expected = (timezone.localtime(planned.expected_restoration_at).strftime("%m-%d %H:%M")
                if planned.expected_restoration_at else _("另行通知"))
    text = _("您报修的停电属计划停电(%(area)s),预计 %(when)s 恢复供电。工单号 %(number)s。") % {
        "area": planned.area_description or planned.feeder.name, "when": expected, "number": order.number}
    transition(order, OrderStatus.PLANNED_OUTAGE, actor=actor, event_model=RepairOrderEvent, event_fk="order",
               at=order.received_at, note=text, update={"closed_at": order.received_at, "resolution": text})
    notify_phone(phone=order.phone, kind="repair.planned_outage", text=text, dedupe_key=f"repair:{order.pk}:planned")


# --- lifecycle ------------------------------------------------------------------------------------------

def _check_at(at: dt.datetime | None, *, after: dt.datetime | None, after_label: str, label: str) -> dt.datetime:
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": [_("%(label)s不能晚于当前时间。") % {"label": label}]})
    if after is not None and at < after:
        raise ValidationError({"at": [_("%(label)s不能早于%(after)s(%(when)s)。") % {
            "label": label, "after": after_label, "when": timezone.localtime(after).strftime("%Y-%m-%d %H:%M")}]})
    return at


def _ensure_can_work(order: RepairOrder, actor: User, action: str) -> None:
    """The table's roles for `action`; then those who dispatch act on any order in scope, a crew member only
    on their own crew's orders (whichever page or API asks)."""
    ensure_in_scope(actor, order)
    ensure_permitted(actor, "repairs.order", action)
    if permits(actor, "repairs.order", "dispatch") or is_crew_of(order, actor):
        return
    raise PermissionDenied(_("只有派到的抢修班组或调度员可以操作此工单。"))


def _move(order, to_status, *, actor, at, note="", update=None, data=None):
    return transition(order, to_status, actor=actor, event_model=RepairOrderEvent, event_fk="order", at=at,
                      note=note, update=update, data=data)


def _county_path(station: Unit) -> str:
    """The path of the unit a station hangs under (its county enterprise)."""
    return station.path[:-Unit.steplen] if station.kind == UnitKind.STATION else station.path


def order_dispatch(*, order: RepairOrder, crew: Crew, actor: User, note: str = "",
                   at: dt.datetime | None = None) -> RepairOrder:
    """Assign (or reassign) the order to a crew of the same county."""
    ensure_in_scope(actor, order)
    ensure_permitted(actor, "repairs.order", "dispatch")
    ensure_in_scope(actor, crew)
    if not crew.is_active:
        raise ValidationError({"crew": [_("班组「%(c)s」不在岗。") % {"c": crew.name}]})
    if _county_path(crew.station) != _county_path(order.station):
        raise ValidationError({"crew": [_("只能派给本县的抢修班组。")]})
    at = _check_at(at, after=order.received_at, after_label=_("受理时间"), label=_("派工时间"))
    member_ids = list(crew.members.values_list("pk", flat=True))
    with transaction.atomic():
        _move(order, OrderStatus.DISPATCHED, actor=actor, at=at, note=note or crew.name,
              update={"crew": crew, "dispatched_at": at}, data={"crew": crew.pk, "members": member_ids})
        notify(recipients=crew.members.all(), kind="repair.dispatched",
               subject=_("新抢修工单 %(n)s:%(a)s") % {"n": order.number, "a": order.address[:60]},
               body=order.description[:200], link=reverse("repairs:crew"),
               dedupe_key=f"repair:{order.pk}:dispatch:{crew.pk}:{at.timestamp():.0f}", channels=[NoticeChannel.SMS])
    return order


def order_move_station(*, order: RepairOrder, station: Unit, actor: User, note: str = "") -> RepairOrder:
    """Place an order on the station that serves it (a report Open311 could not place lands in its client's
    triage station): a station of the same county, before a crew is on site. The limits are those of the new
    station's area under the policy the order was received with, counted from receipt as before; the number
    stays (the caller has it). Choosing the order's own station confirms where it is."""
    ensure_in_scope(actor, order)
    ensure_permitted(actor, "repairs.order", "move")
    ensure_unit_in_scope(actor, station)
    if station.kind != UnitKind.STATION or _county_path(station) != _county_path(order.station):
        raise ValidationError({"station": [_("只能转到本县的供电所。")]})
    if order.status not in NOT_ARRIVED_STATUSES:
        raise ValidationError({"station": [_("抢修人员到达现场后不能再转供电所。")]})
    with transaction.atomic():
        order = RepairOrder.objects.select_for_update().select_related("station", "policy_set").get(pk=order.pk)
        if order.status not in NOT_ARRIVED_STATUSES:
            raise ValidationError({"station": [_("抢修人员到达现场后不能再转供电所。")]})
        before, before_due = order.station, order.arrival_due
        limit = repair_limit(station.area_type, order.policy_set)
        order.station, order.area_type, order.needs_placing = station, station.area_type, False
        order.arrival_due = worktime.deadline(order.received_at, minutes=limit.arrival_minutes)
        order.restoration_minutes = limit.restoration_minutes
        if order.green_channel_id:
            for name, value in _green_targets(green_repair_target(station.area_type, order.policy_set),
                                              order.received_at).items():
                setattr(order, name, value)
        order.save(update_fields=["station", "area_type", "needs_placing", "arrival_due", "restoration_minutes",
                                  "target_arrival_due", "target_restoration_minutes", "updated_at"])
        moved = before.pk != station.pk
        text = (_("转供电所:%(a)s → %(b)s") % {"a": before.name, "b": station.name} if moved
                else _("已核实位置:%(b)s") % {"b": station.name})
        RepairOrderEvent.objects.create(
            order=order, actor=actor, at=timezone.now(), from_status=order.status, to_status=order.status,
            note=f"{text}{'。' + note.strip() if (note or '').strip() else ''}",
            data={"from_station": before.pk, "to_station": station.pk, "arrival_due_before": before_due,
                  "arrival_due": order.arrival_due})
        ensure_in_scope(actor, order)
    return order


def order_start_travel(*, order: RepairOrder, actor: User, at: dt.datetime | None = None) -> RepairOrder:
    _ensure_can_work(order, actor, "travel")
    at = _check_at(at, after=order.dispatched_at, after_label=_("派工时间"), label=_("出发时间"))
    _move(order, OrderStatus.ON_THE_WAY, actor=actor, at=at, update={"on_the_way_at": at})
    return order


def order_arrive(*, order: RepairOrder, actor: User, at: dt.datetime | None = None, note: str = "") -> RepairOrder:
    """On site: the restoration clock (policy target, counted from arrival) starts now."""
    _ensure_can_work(order, actor, "arrive")
    after = order.on_the_way_at or order.dispatched_at
    at = _check_at(at, after=after, after_label=_("出发时间") if order.on_the_way_at else _("派工时间"),
                   label=_("到达时间"))
    update = {"arrived_at": at, "restoration_due": worktime.deadline(at, minutes=order.restoration_minutes)}
    if order.target_restoration_minutes is not None:
        update["target_restoration_due"] = worktime.deadline(at, minutes=order.target_restoration_minutes)
    _move(order, OrderStatus.ARRIVED, actor=actor, at=at, note=note, update=update)
    return order


def order_restore(*, order: RepairOrder, actor: User, resolution: str, at: dt.datetime | None = None,
                  cause: str = "") -> RepairOrder:
    """Supply is back. The outage this order belongs to (if still open) is restored with it."""
    _ensure_can_work(order, actor, "restore")
    if not (resolution or "").strip():
        raise ValidationError({"resolution": [_("请填写处理结果。")]})
    at = _check_at(at, after=order.arrived_at, after_label=_("到达时间"), label=_("复电时间"))
    with transaction.atomic():
        _move(order, OrderStatus.RESTORED, actor=actor, at=at, note=resolution,
              update={"restored_at": at, "resolution": resolution.strip()})
        if order.outage_id and order.outage.restored_at is None and order.outage.kind == "unplanned":
            outages.outage_restore(outage=order.outage, actor=actor, at=max(at, order.outage.started_at),
                                   cause=cause or order.outage.cause, cause_detail=resolution.strip()[:200])
    return order


def order_explain_delay(*, order: RepairOrder, actor: User, reason: str) -> RepairOrder:
    """Why the order is late (weather, traffic, ...): the regulation asks that the customer be told."""
    _ensure_can_work(order, actor, "delay")
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写原因。")]})
    with transaction.atomic():
        RepairOrder.objects.filter(pk=order.pk).update(delay_reason=reason.strip()[:300])
        RepairOrderEvent.objects.create(order=order, actor=actor, at=timezone.now(), from_status=order.status,
                                        to_status=order.status, note=_("超时说明:") + reason.strip())
    order.delay_reason = reason.strip()[:300]
    return order


def _exit(order, to_status, *, actor, action, note, update=None):
    _ensure_can_work(order, actor, action)
    if not (note or "").strip():
        raise ValidationError({"note": [_("请填写原因。")]})
    now = timezone.now()
    _move(order, to_status, actor=actor, at=now, note=note.strip(),
          update={"closed_at": now, "resolution": note.strip(), **(update or {})})
    return order


def order_cancel(*, order: RepairOrder, actor: User, note: str) -> RepairOrder:
    return _exit(order, OrderStatus.CANCELLED, actor=actor, action="cancel", note=note)


def order_mark_customer_side(*, order: RepairOrder, actor: User, note: str) -> RepairOrder:
    """The fault is on the customer's side of the meter: explained to the customer, not repaired by us."""
    return _exit(order, OrderStatus.CUSTOMER_SIDE, actor=actor, action="customer_side", note=note)


def order_mark_duplicate(*, order: RepairOrder, duplicate_of: RepairOrder, actor: User, note: str = "") -> RepairOrder:
    if duplicate_of.pk == order.pk:
        raise ValidationError({"duplicate_of": [_("工单不能与自身重复。")]})
    if not in_scope(actor, duplicate_of):  # answered like an unknown number: no hint of another county's
        raise ValidationError({"duplicate_of": [_("找不到该工单号。")]})
    return _exit(order, OrderStatus.DUPLICATE, actor=actor, action="duplicate",
                 note=note or _("与 %(n)s 重复") % {"n": duplicate_of.number},
                 update={"duplicate_of": duplicate_of})


def order_add_photo(*, order: RepairOrder, image, actor: User, caption: str = "") -> RepairPhoto:
    _ensure_can_work(order, actor, "photo")
    try:
        validate_image(image)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    with transaction.atomic():
        return RepairPhoto.objects.create(order=order, image=image, caption=caption[:100], uploaded_by=actor)


# --- callback and follow-up -----------------------------------------------------------------------------

def callback_record(*, order: RepairOrder, satisfaction: str, actor: User, comment: str = "",
                    at: dt.datetime | None = None) -> Callback:
    """The customer's verdict after restoration. Dissatisfied opens a follow-up for the station manager."""
    ensure_in_scope(actor, order)
    ensure_permitted(actor, "repairs.order", "callback")
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": [_("请选择满意度。")]})
    if satisfaction == Satisfaction.DISSATISFIED and not (comment or "").strip():
        raise ValidationError({"comment": [_("客户不满意时请记录客户意见。")]})
    at = _check_at(at, after=order.restored_at, after_label=_("复电时间"), label=_("回访时间"))
    with transaction.atomic():
        _move(order, OrderStatus.CALLBACK_DONE, actor=actor, at=at, note=Satisfaction(satisfaction).label)
        callback = Callback.objects.create(order=order, satisfaction=satisfaction, comment=(comment or "").strip(),
                                           called_by=actor, called_at=at)
        if satisfaction == Satisfaction.DISSATISFIED:
            FollowUp.objects.create(callback=callback, opened_at=at)
            notify(recipients=managers_above(order.station), kind="repair.dissatisfied",
                   subject=_("客户不满意:%(n)s") % {"n": order.number}, body=callback.comment[:300],
                   link=reverse("repairs:order", args=[order.pk]), dedupe_key=f"repair:{order.pk}:dissatisfied")
    return callback


def followup_close(*, follow_up: FollowUp, actor: User, resolution: str) -> FollowUp:
    ensure_in_scope(actor, follow_up)
    ensure_permitted(actor, "repairs.followup", "write")
    if not (resolution or "").strip():
        raise ValidationError({"resolution": [_("请填写整改情况。")]})
    with transaction.atomic():
        claimed = FollowUp.objects.filter(pk=follow_up.pk, closed_at__isnull=True).update(
            closed_at=timezone.now(), closed_by=actor, resolution=resolution.strip())
        if not claimed:
            raise DomainError(_("该跟进已经关闭。"), code="already_closed")
        follow_up.refresh_from_db()
        order = follow_up.callback.order
        RepairOrderEvent.objects.create(order=order, actor=actor, at=follow_up.closed_at, from_status=order.status,
                                        to_status=order.status, note=_("不满意跟进已关闭:") + resolution.strip())
    return follow_up


def order_close(*, order: RepairOrder, actor: User) -> RepairOrder:
    ensure_in_scope(actor, order)
    ensure_permitted(actor, "repairs.order", "close")
    if FollowUp.objects.filter(callback__order=order, closed_at__isnull=True).exists():
        raise DomainError(_("客户不满意的跟进尚未由经理关闭,不能归档。"), code="follow_up_open")
    now = timezone.now()
    _move(order, OrderStatus.CLOSED, actor=actor, at=now, update={"closed_at": now})
    return order


# --- crews ----------------------------------------------------------------------------------------------

def crew_save(*, actor: User, station: Unit, name: str, members=(), phone: str = "", is_active: bool = True,
              crew: Crew | None = None) -> Crew:
    """Create or update a crew. Members must hold the crew role."""
    ensure_unit_in_scope(actor, station)
    ensure_permitted(actor, "repairs.crew", "write")
    members = list(members)
    not_crew = [str(m) for m in members if not m.has_role(Role.CREW)]
    if not_crew:
        raise ValidationError({"members": [_("以下用户没有抢修人员角色:%(u)s") % {"u": "、".join(not_crew)}]})
    with transaction.atomic():
        crew = crew or Crew()
        crew.station, crew.name, crew.phone, crew.is_active = station, (name or "").strip(), phone, is_active
        crew.full_clean()
        crew.save()
        crew.members.set(members)
    return crew
