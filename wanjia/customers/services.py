"""Writes on customers made from Wanjia's own pages (the register itself comes from imports and the admin)."""
from django.db import transaction
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError
from wanjia.core.permissions import ensure_permitted
from wanjia.core.text import label
from wanjia.customers.models import Customer, GreenChannelKind
from wanjia.org.scoping import ensure_in_scope


@transaction.atomic
def customer_green_channel_set(*, customer: Customer, kind: GreenChannelKind | None, actor) -> Customer:
    """Put a customer in a green channel kind (or take it out). Orders and applications received from now on
    follow it; those already received keep what they were received with. The history records who did it."""
    ensure_in_scope(actor, customer)
    ensure_permitted(actor, "customers.customer", "write")
    if kind is not None and not kind.is_active and kind.pk != customer.green_channel_id:
        raise DomainError(_("绿色通道类别「%(k)s」已停用。") % {"k": label(kind)}, field="green_channel")
    customer.green_channel = kind
    customer.save(update_fields=["green_channel", "updated_at"])
    return customer
