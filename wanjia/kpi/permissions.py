"""Who may read KPIs (see `core.permissions`); which KPIs each role sees is `kpi.registry`'s `roles`."""
from wanjia.core.permissions import SIGNED_IN

TABLE = {
    "dashboard": {"read": (SIGNED_IN,)},
}
