"""Everyone reads and marks their own inbox (the views filter by recipient)."""
from wanjia.core.permissions import SIGNED_IN

TABLE = {
    "inbox": {"read": (SIGNED_IN,), "own_mark_read": (SIGNED_IN,)},
}
