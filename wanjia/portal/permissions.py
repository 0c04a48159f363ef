"""The public portal: open to anyone (its abuse controls are rate limits and form guards)."""
from wanjia.core.permissions import PUBLIC

TABLE = {
    "public": {"read": (PUBLIC,), "write": (PUBLIC,)},
}
