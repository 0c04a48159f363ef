"""Who may read the unit tree (see `core.permissions`); units are edited in the admin site."""
from wanjia.core.permissions import SIGNED_IN

TABLE = {
    "unit": {"read": (SIGNED_IN,)},
}
