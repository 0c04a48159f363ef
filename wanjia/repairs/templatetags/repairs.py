from django import template

from wanjia.repairs.models import Outage
from wanjia.repairs.selectors import board_orders

register = template.Library()


@register.simple_tag
def repair_summary(user) -> dict:
    """Figures for the home page card: open orders, at risk, overdue, ongoing outages in the user's scope."""
    rows = board_orders(user=user)
    return {"open": len(rows), "at_risk": sum(1 for _o, c in rows if c.status == "at_risk"),
            "overdue": sum(1 for _o, c in rows if c.status == "overdue"),
            "outages": Outage.objects.restrict(user).filter(restored_at__isnull=True, is_cancelled=False,
                                                            kind=Outage.Kind.UNPLANNED).count()}
