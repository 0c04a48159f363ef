"""Who may do what in the campaign (see `core.permissions`). Reading is open to every signed-in role: the
campaign involves every unit; which records, the scope rule decides."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

PARTY = (Role.BRANCH_SECRETARY, Role.MANAGER)

TABLE = {
    "campaign": {"read": (SIGNED_IN,)},
    "task": {"read": (SIGNED_IN,), "complete": (SIGNED_IN,)},  # the unit's own tasks (scope), any working role
    "activity_day": {"read": (SIGNED_IN,), "write": (Role.MANAGER,)},
    "pairing": {"read": (SIGNED_IN,), "write": PARTY},
    "scorecard": {"read": (SIGNED_IN,), "write": (Role.MANAGER,)},
    "practice": {"read": (SIGNED_IN,), "write": PARTY},
    # Generating a report stores files: a write, so never the (read-only) auditor.
    "report": {"read": (SIGNED_IN,), "generate": PARTY},
}
