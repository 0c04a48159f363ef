from wanjia.customers.filtersets import CustomerFilterSet
from wanjia.customers.models import Customer


def customer_list(*, user, filters=None):
    base = Customer.objects.restrict(user).select_related("station", "feeder", "transformer", "green_channel")
    return CustomerFilterSet(filters or {}, queryset=base, user=user).qs


def customer_find(*, user, account_number: str = "", phone: str = "") -> Customer | None:
    """The customer a caller is, by account number first, then by phone (only if exactly one matches)."""
    scoped = Customer.objects.restrict(user) if user is not None else Customer.objects.all()
    if account_number:
        return scoped.filter(account_number=account_number).first()
    if phone:
        matches = list(scoped.filter(phone=phone)[:2])
        return matches[0] if len(matches) == 1 else None
    return None
