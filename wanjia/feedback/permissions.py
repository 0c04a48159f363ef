"""Who may do what with feedback and forums (see `core.permissions`)."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

WORK = (Role.MANAGER, Role.COUNTER, Role.DISPATCHER, Role.BRANCH_SECRETARY)

TABLE = {
    "item": {"read": (SIGNED_IN,), "write": WORK, "assign": WORK, "answer": WORK, "deliver": WORK,
             "link": WORK, "resolve": WORK},
    "forum": {"read": (SIGNED_IN,), "write": WORK, "void": WORK},
}
