"""Who may do what in orderly power use (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

PLAN = (Role.MANAGER, Role.DISPATCHER)

TABLE = {
    "policy": {"read": (SIGNED_IN,)},  # tiers and warning levels
    "profile": {"read": (SIGNED_IN,), "write": PLAN},
    "forecast": {"read": (SIGNED_IN,), "write": PLAN},
    "plan": {"read": (SIGNED_IN,), "write": PLAN, "create": PLAN, "approve": PLAN, "publish": PLAN,
             "replan": PLAN, "close": PLAN, "compliance": PLAN, "return": PLAN},
}
