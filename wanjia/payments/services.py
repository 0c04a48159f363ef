"""Writes about payments: channels and payment records."""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wanjia.customers.models import Customer
from wanjia.org.models import User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope
from wanjia.payments.models import PaymentChannel, PaymentRecord

CHANNEL_FIELDS = ("kind", "name", "unit", "address", "latitude", "longitude", "hours", "phone", "is_active")


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
