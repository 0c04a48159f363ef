"""Who may do what with business halls (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

COUNTER = (Role.COUNTER, Role.MANAGER)

TABLE = {
    "hall": {"read": (SIGNED_IN,), "write": (Role.MANAGER,), "facilities": COUNTER, "duty": COUNTER,
             "visit": COUNTER},
    # Clerks' training and skill checks: managers record them.
    "skills": {"read": (SIGNED_IN,), "write": (Role.MANAGER,)},
}
