"""Who may do what with walk-in visits and hazards (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

WORK = (Role.MANAGER, Role.CREW, Role.BRANCH_SECRETARY, Role.COUNTER, Role.DISPATCHER)

TABLE = {
    "visit": {"read": (SIGNED_IN,), "write": WORK, "void": WORK},
    "hazard": {"read": (SIGNED_IN,), "write": WORK, "order": WORK, "rectify": WORK, "verify": WORK,
               "close": WORK},
}
