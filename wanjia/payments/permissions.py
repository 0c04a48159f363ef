"""Who may do what with payment channels (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

TABLE = {
    "channel": {"read": (SIGNED_IN,), "write": (Role.MANAGER, Role.COUNTER), "void": (Role.MANAGER, Role.COUNTER)},
    # Measures for villages where paying is hard (缴费难).
    "measure": {"read": (SIGNED_IN,), "write": (Role.MANAGER, Role.COUNTER), "complete": (Role.MANAGER, Role.COUNTER)},
}
