"""Who may do what with fault repair (see `core.permissions`). Crews act only on their own crew's orders: the
services check that (`services._ensure_can_work`), the table says which actions a crew may try at all."""
from wanjia.core.permissions import PUBLIC
from wanjia.org.models import Role

DISPATCH = (Role.DISPATCHER, Role.MANAGER)
FIELD = DISPATCH + (Role.CREW,)  # steps on site; a crew member only on their crew's orders
DESK = DISPATCH + (Role.COUNTER, Role.AUDITOR)

TABLE = {
    "order": {
        "read": DESK + (Role.CREW,),
        # Filing an order is desk work (phone, counter); a crew reports what it finds on its own order.
        "create": (Role.COUNTER, Role.DISPATCHER, Role.MANAGER),
        "dispatch": DISPATCH,
        # Moving an order to the station that serves it (a report Open311 could not place).
        "move": DISPATCH,
        "travel": FIELD,
        "arrive": FIELD,
        "restore": FIELD,
        "delay": FIELD,
        "photo": FIELD,
        "customer_side": FIELD,
        # Closing an order without work is the desk's decision, never a crew's.
        "cancel": DISPATCH,
        "duplicate": DISPATCH,
        "callback": (Role.DISPATCHER, Role.MANAGER, Role.COUNTER),
        "close": DISPATCH,
    },
    "board": {"read": (Role.DISPATCHER, Role.MANAGER, Role.AUDITOR)},
    "crew_page": {"read": (Role.CREW,)},
    "crew": {"read": (Role.DISPATCHER, Role.MANAGER, Role.AUDITOR), "write": DISPATCH},
    "assessment": {"read": (Role.MANAGER, Role.DISPATCHER, Role.AUDITOR)},
    "outage": {"read": DESK, "write": DISPATCH, "planned": DISPATCH, "restore": DISPATCH},
    "reliability": {"read": (Role.MANAGER, Role.DISPATCHER, Role.AUDITOR)},
    "followup": {"read": (Role.MANAGER, Role.DISPATCHER, Role.AUDITOR), "write": (Role.MANAGER,)},
    "open311": {"read": (PUBLIC,), "write": (PUBLIC,)},  # Open311 checks its own API keys
}
