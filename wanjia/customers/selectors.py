from django.db.models import Q

from wanjia.customers.filtersets import CustomerFilterSet
from wanjia.customers.models import Customer, may_search_phone


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


PICK_LIMIT = 20


def customer_pick(*, user, query: str, limit: int = PICK_LIMIT) -> list[Customer]:
    """Customers for a picker, searched on the server (the register runs to a million rows): by account
    number (from its start), by name (anywhere in it) and, for the roles that take calls, by the exact phone
    number, as the list page searches. Only the user's scope; at most `limit`, in account-number order."""
    query = query.strip()
    if not query:
        return []
    match = Q(account_number__startswith=query) | Q(name__icontains=query)
    if may_search_phone(user):
        match |= Q(phone=query)
    return list(Customer.objects.restrict(user).filter(match).select_related("station")
                .only("account_number", "name", "address", "phone", "station__name").order_by("account_number")[:limit])
