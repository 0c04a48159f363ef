"""Overdue hazards escalate once to the managers above their unit (safe to run twice at once)."""
from wanjia.outreach.services import hazards_escalate_overdue


def run(now) -> dict:
    return {"hazards_escalated": hazards_escalate_overdue(now)}
