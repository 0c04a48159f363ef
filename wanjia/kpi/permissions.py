"""Who may read KPIs (see `core.permissions`); which KPIs each role sees is `kpi.registry`'s `roles`."""
from wanjia.core.permissions import SIGNED_IN
from wanjia.org.models import Role

TABLE = {
    "dashboard": {"read": (SIGNED_IN,)},
    # Recomputing every unit's summaries is the whole province's affair: administrators only.
    "summaries": {"rebuild": (Role.ADMIN,)},
}
