"""Who may do what with payment channels (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

TABLE = {
    "channel": {"read": (SIGNED_IN,), "write": (Role.MANAGER, Role.COUNTER)},
}
