"""Outage writes: grouping calls into outages (transformer, raised to the feeder when several transformers
on it call within the window), planned outages entered ahead, restoration. Customers downstream are counted
from the network, so customers who did not call count too."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.cache import ProcessCache
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
def outage_attach(*, order) -> Outage:
    """Join the order to the outage of its customer's transformer, raising it to the feeder (the lowest
    common upstream device in this network model) when another transformer on the same feeder has an open
    outage that began within the window. Locking the feeder row serialises concurrent calls on it."""
    customer = order.customer
    transformer = customer.transformer
    Feeder.objects.select_for_update().filter(pk=transformer.feeder_id).first()
    window = dt.timedelta(minutes=_config.get().outage_window_minutes)
    open_outages = list(Outage.objects.filter(kind=Outage.Kind.UNPLANNED, feeder_id=transformer.feeder_id,
                                              restored_at__isnull=True, is_cancelled=False)
                        .prefetch_related("transformers").order_by("started_at", "pk"))
    target = None
    for outage in open_outages:
        devices = {t.pk for t in outage.transformers.all()}
        if not devices or transformer.pk in devices:
            target = outage
            break
    if target is None:
        recent = [o for o in open_outages if o.started_at >= order.received_at - window]
        if recent:
            target = _raise_to_feeder(recent)
    if target is None:
        target = Outage(kind=Outage.Kind.UNPLANNED, station_id=transformer.feeder.station_id,
                        feeder_id=transformer.feeder_id, started_at=order.received_at,
                        area_description=transformer.name)
        target.save()
        target.transformers.add(transformer)
        outage_recount(target)
    RepairOrder.objects.filter(pk=order.pk).update(outage=target)
    order.outage = target
    return target


def _raise_to_feeder(outages: list[Outage]) -> Outage:
    """Merge transformer outages on one feeder into a whole-feeder outage starting at the earliest call."""
    keep, others = outages[0], outages[1:]
    RepairOrder.objects.filter(outage__in=others).update(outage=keep)
    Outage.objects.filter(pk__in=[o.pk for o in others]).delete()
    keep.transformers.clear()
    keep.area_description = _("%(f)s 全线") % {"f": keep.feeder.name}
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


def planned_outage_covering(customer, at: dt.datetime) -> Outage | None:
    """The planned outage the customer is inside at `at` (between start and restoration, or expected
    restoration while not yet restored)."""
    if customer.feeder_id is None:
        return None
    candidates = (Outage.objects.filter(kind=Outage.Kind.PLANNED, is_cancelled=False, feeder_id=customer.feeder_id,
                                        started_at__lte=at)
                  .filter(Q(restored_at__gte=at) | Q(restored_at__isnull=True, expected_restoration_at__gte=at))
                  .prefetch_related("transformers").order_by("started_at"))
    for outage in candidates:
        devices = {t.pk for t in outage.transformers.all()}
        if not devices or customer.transformer_id in devices:
            return outage
    return None

