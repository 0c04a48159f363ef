"""Outage writes: grouping calls into outages (transformer, raised to the feeder when several transformers
on it call within the window), planned outages entered ahead, restoration. Customers downstream are counted
from the network, so customers who did not call count too."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.cache import ProcessCache
from wanjia.core.rows import partial_instance
from wanjia.customers.models import Customer
from wanjia.network.models import Feeder
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope
from wanjia.repairs.models import Outage, RepairConfig, RepairOrder


def outage_recount(outage: Outage) -> Outage:
    outage.customers_affected = outage.downstream_customers().count()
    Outage.objects.filter(pk=outage.pk).update(customers_affected=outage.customers_affected)
    return outage


# Read by every grouped intake (core.cache).
_config = ProcessCache(RepairConfig.current, watch=(RepairConfig,))


@transaction.atomic(savepoint=False)  # part of the intake's transaction, never on its own
def call_outage(*, customer, at: dt.datetime, group: bool) -> Outage | None:
    """The outage a call from `customer` at `at` belongs to: the planned outage the customer is inside
    (between its start and its restoration, or its expected restoration while not restored; the call is
    answered with its notice), else, with `group` (a category grouped into outages, a customer with a
    transformer), the unplanned outage of the customer's transformer, raised to the feeder (the lowest common
    upstream device in this network model) when another transformer on the same feeder has an open outage
    that began within the window, or opened here. None: neither.

    Both kinds are read in one statement. With `group` the feeder row is locked first, to the end of the
    caller's transaction: concurrent calls on one feeder group one at a time and never open two outages."""
    transformer = customer.transformer if group else None
    feeder = _lock_feeder(transformer.feeder_id) if transformer is not None else None
    found = _feeder_outages(customer, at, unplanned_on=feeder)
    for outage in found:
        if outage.kind == Outage.Kind.PLANNED and (outage.whole_feeder or outage.covers):
            return outage
    if feeder is None:
        return None
    open_outages = [o for o in found if o.kind == Outage.Kind.UNPLANNED]
    for outage in open_outages:
        if outage.whole_feeder or outage.covers:
            return outage
    window = dt.timedelta(minutes=_config.get().outage_window_minutes)
    recent = [o for o in open_outages if o.started_at >= at - window]
    if recent:
        return _raise_to_feeder(recent, feeder)
    outage = Outage(kind=Outage.Kind.UNPLANNED, station_id=feeder.station_id, feeder=feeder, started_at=at,
                    area_description=transformer.name,
                    customers_affected=Customer.objects.filter(transformer_id=transformer.pk).count())
    outage.save()
    Outage.transformers.through.objects.create(outage_id=outage.pk, transformer_id=transformer.pk)
    return outage


def _lock_feeder(feeder_id: int) -> Feeder | None:
    """The feeder row (its station and name), locked to the end of the transaction where the database can."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, station_id, name FROM {Feeder._meta.db_table} WHERE id = %s{lock}", [feeder_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return partial_instance(Feeder, connection.alias, id=row[0], station_id=row[1], name=row[2])


def _feeder_outages(customer, at: dt.datetime, *, unplanned_on: Feeder | None) -> list[Outage]:
    """The planned outages on the customer's feeder in force at `at`, and the open unplanned ones on
    `unplanned_on` (if given), oldest first, each with `whole_feeder` (no transformers listed) and `covers`
    (the customer's transformer is listed). In SQL written here: every grouped intake runs it, and the ORM
    took longer to build the statement than the database to answer it."""
    conditions, params = [], [customer.transformer_id]
    if customer.feeder_id is not None:
        conditions.append("(o.kind = %s AND NOT o.is_cancelled AND o.feeder_id = %s AND o.started_at <= %s"
                          " AND (o.restored_at >= %s OR (o.restored_at IS NULL AND o.expected_restoration_at >= %s)))")
        moment = connection.ops.adapt_datetimefield_value(at)
        params += [Outage.Kind.PLANNED.value, customer.feeder_id, moment, moment, moment]
    if unplanned_on is not None:
        conditions.append("(o.kind = %s AND NOT o.is_cancelled AND o.feeder_id = %s AND o.restored_at IS NULL)")
        params += [Outage.Kind.UNPLANNED.value, unplanned_on.pk]
    if not conditions:
        return []
    devices = Outage.transformers.through._meta.db_table
    return list(Outage.objects.raw(
        f"SELECT o.*, NOT EXISTS (SELECT 1 FROM {devices} d WHERE d.outage_id = o.id) AS whole_feeder,"
        f" EXISTS (SELECT 1 FROM {devices} d WHERE d.outage_id = o.id AND d.transformer_id = %s) AS covers"
        f" FROM {Outage._meta.db_table} o WHERE {' OR '.join(conditions)} ORDER BY o.started_at, o.id", params))


def _raise_to_feeder(outages: list[Outage], feeder: Feeder) -> Outage:
    """Merge transformer outages on one feeder into a whole-feeder outage starting at the earliest call."""
    keep, others = outages[0], outages[1:]
    RepairOrder.objects.filter(outage__in=others).update(outage=keep)
    Outage.objects.filter(pk__in=[o.pk for o in others]).delete()
    keep.transformers.clear()
    keep.area_description = _("%(f)s 全线") % {"f": feeder.name}
    keep.save(update_fields=["area_description", "duration_minutes"])
    return outage_recount(keep)


@transaction.atomic
def outage_restore(*, outage: Outage, actor, at: dt.datetime | None = None, cause: str = "",
                   cause_detail: str = "") -> Outage:
    ensure_in_scope(actor, outage)
    at = at or timezone.now()
    if at < outage.started_at:
        raise ValidationError({"restored_at": [_("复电时间不能早于停电开始时间。")]})
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"restored_at": [_("复电时间不能晚于当前时间。")]})
    if cause and cause not in Outage.Cause.values:
        raise ValidationError({"cause": [_("未知的停电原因。")]})
    locked = Outage.objects.select_for_update().get(pk=outage.pk)
    if locked.restored_at is not None:
        return locked
    locked.restored_at = at
    locked.cause = cause or locked.cause
    locked.cause_detail = cause_detail or locked.cause_detail
    locked.save()
    return locked


@transaction.atomic
def planned_outage_create(*, actor, feeder: Feeder, starts_at: dt.datetime, ends_at: dt.datetime,
                          area_description: str, transformers=(), notice_at: dt.datetime | None = None,
                          cause_detail: str = "") -> Outage:
    """A planned outage entered ahead: calls from customers inside it are answered, not dispatched."""
    ensure_unit_in_scope(actor, feeder.station)
    errors = {}
    transformers = list(transformers)
    if ends_at <= starts_at:
        errors["ends_at"] = [_("计划复电时间必须晚于停电开始时间。")]
    if notice_at and notice_at > starts_at:
        errors["notice_at"] = [_("公告时间不能晚于停电开始时间。")]
    wrong = [t.code for t in transformers if t.feeder_id != feeder.pk]
    if wrong:
        errors["transformers"] = [_("以下台区不在馈线 %(f)s 上:%(t)s") % {"f": feeder.code, "t": "、".join(wrong)}]
    if not (area_description or "").strip():
        errors["area_description"] = [_("请填写停电范围,供客户查询。")]
    if errors:
        raise ValidationError(errors)
    outage = Outage(kind=Outage.Kind.PLANNED, station=feeder.station, feeder=feeder, started_at=starts_at,
                    expected_restoration_at=ends_at, notice_at=notice_at or timezone.now(),
                    cause=Outage.Cause.MAINTENANCE, cause_detail=cause_detail,
                    area_description=area_description.strip())
    outage.full_clean()
    outage.save()
    outage.transformers.set(transformers)
    return outage_recount(outage)


@transaction.atomic
def planned_outage_cancel(*, outage: Outage, actor) -> Outage:
    ensure_in_scope(actor, outage)
    Outage.objects.filter(pk=outage.pk).update(is_cancelled=True)
    outage.is_cancelled = True
    return outage
