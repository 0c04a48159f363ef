"""Everyone follows their own background jobs (the views show only the user's own, `jobs_visible`)."""
from wanjia.core.permissions import SIGNED_IN

TABLE = {
    "job": {"read": (SIGNED_IN,)},
}
