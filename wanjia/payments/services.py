"""Writes about payments: channels, payment records and the measures for 缴费难 villages."""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError

from wanjia.customers.models import Customer
from wanjia.network.models import Transformer
from wanjia.org.models import Unit, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope
from wanjia.payments.models import MeasureKind, PaymentChannel, PaymentMeasure, PaymentRecord

CHANNEL_FIELDS = ("kind", "name", "unit", "address", "latitude", "longitude", "hours", "phone", "is_active",
                  "opened_on", "closed_on")


@transaction.atomic
def channel_save(*, channel: PaymentChannel | None = None, actor: User | None, **fields) -> PaymentChannel:
    unknown = set(fields) - set(CHANNEL_FIELDS)
    if unknown:
        raise TypeError(f"unknown channel fields: {sorted(unknown)}")
    if channel is not None and actor is not None:
        ensure_in_scope(actor, channel)
    channel = channel or PaymentChannel()
    for name, value in fields.items():
        setattr(channel, name, value)
    if actor is not None:
        ensure_unit_in_scope(actor, channel.unit)
    # Switching a point off or on dates it, so past periods' coverage keeps the points they had.
    if not channel.is_active and channel.closed_on is None:
        channel.closed_on = timezone.localdate()
    elif channel.is_active and channel.closed_on and channel.closed_on <= timezone.localdate():
        channel.closed_on = None  # reopened
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def payment_record(*, customer: Customer, amount: Decimal, channel: PaymentChannel, paid_at: dt.datetime,
                   posted_at: dt.datetime | None = None, actor: User | None = None) -> PaymentRecord:
    if actor is not None:
        ensure_in_scope(actor, customer)
    if not channel.is_active:
        raise ValidationError({"channel": _("该缴费网点已停用。")})
    record = PaymentRecord(customer=customer, amount=amount, channel=channel, paid_at=paid_at, posted_at=posted_at)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def payment_post(*, record: PaymentRecord, at: dt.datetime) -> PaymentRecord:
    """Mark a payment posted to the account; posting twice keeps the first time."""
    if at < record.paid_at:
        raise ValidationError({"posted_at": _("入账时间不能早于缴费时间。")})
    PaymentRecord.objects.filter(pk=record.pk, posted_at__isnull=True).update(posted_at=at)
    record.refresh_from_db()
    return record


@transaction.atomic
def measure_create(*, transformer: Transformer, unit: Unit, kind: MeasureKind, description: str,
                   due_date: dt.date, actor: User | None, channel: PaymentChannel | None = None) -> PaymentMeasure:
    """A measure for the 缴费难 village on `transformer`, owned by `unit` (the village must be in its area)."""
    if actor is not None:
        ensure_unit_in_scope(actor, unit)
    if not transformer.feeder.station.path.startswith(unit.path):
        raise DomainError(_("该村(台区)不在责任单位的供电范围内。"), field="transformer")
    if not (description or "").strip():
        raise DomainError(_("请填写措施的具体内容。"), field="description")
    measure = PaymentMeasure(transformer=transformer, unit=unit, kind=kind, description=description.strip(),
                             due_date=due_date, channel=channel, created_by=actor)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_complete(*, measure: PaymentMeasure, note: str, actor: User | None, on: dt.date | None = None,
                     channel: PaymentChannel | None = None) -> PaymentMeasure:
    """Done: from `on` the village counts as covered when the kind covers villages (coverage.py)."""
    measure = PaymentMeasure.objects.select_for_update().get(pk=measure.pk)
    if actor is not None:
        ensure_in_scope(actor, measure)
    if measure.done_on is not None:
        raise DomainError(_("该措施已完成。"), field="done_on")
    if not (note or "").strip():
        raise DomainError(_("请填写完成情况。"), field="note")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError(_("完成日期不能晚于今天。"), field="done_on")
    measure.done_on, measure.done_note = on, note.strip()
    measure.channel = channel or measure.channel
    measure.save(update_fields=["done_on", "done_note", "channel"])
    return measure
