"""Who may do what with new connections (see `core.permissions`)."""
from wanjia.core.permissions import PUBLIC, SIGNED_IN
from wanjia.org.models import Role

WORK = (Role.COUNTER, Role.MANAGER, Role.CREW)

TABLE = {
    "application": {
        "read": (SIGNED_IN,),
        "write": WORK, "create": WORK, "finish": WORK, "assign": WORK, "pause": WORK, "resume": WORK,
        "document": WORK, "visit": WORK, "designation": WORK, "withdraw": WORK,
        "boundary": WORK,
    },
    "checklist": {"read": WORK},
    "figures": {"read": (SIGNED_IN,)},
    # The 三指定 compliance review: the auditor's own opinion on a flagged record ("audit_" actions are the
    # only writes a read-only user makes; they change no operational record).
    "designation": {"read": (SIGNED_IN,), "audit_review": (Role.AUDITOR,)},
    "track": {"read": (PUBLIC,), "write": (PUBLIC,)},  # the public tracking page (rate-limited)
}
