"""Who may do what in the campaign (see `core.permissions`). Reading is open to every signed-in role: the
campaign involves every unit; which records, the scope rule decides."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

PARTY = (Role.BRANCH_SECRETARY, Role.MANAGER)
PLAN = (Role.MANAGER,)

TABLE = {
    # The plan (campaign, phases, goals, requirements, leading group): the lead unit's managers.
    "campaign": {"read": (SIGNED_IN,), "plan": PLAN, "write": PLAN, "copy": PLAN},
    # Tasks: managers plan and assign them; any working role may complete or add evidence, and the views
    # check that it is the task's owner (or a manager).
    "task": {"read": (SIGNED_IN,), "write": PLAN, "assign": PLAN, "cascade": PLAN, "complete": (SIGNED_IN,),
             "evidence": (SIGNED_IN,)},
    # Party, union and youth groups; a group's own secretary manages its members (checked by the views).
    "group": {"read": (SIGNED_IN,), "write": PARTY, "active": PARTY, "members": (SIGNED_IN,)},
    "activity_day": {"read": (SIGNED_IN,), "write": (Role.MANAGER,), "void": (Role.MANAGER,)},
    "pairing": {"read": (SIGNED_IN,), "write": PARTY},
    "scorecard": {"read": (SIGNED_IN,), "write": (Role.MANAGER,)},
    "practice": {"read": (SIGNED_IN,), "write": PARTY},
    # Generating a report stores files: a write, so never the (read-only) auditor.
    "report": {"read": (SIGNED_IN,), "generate": PARTY},
}
