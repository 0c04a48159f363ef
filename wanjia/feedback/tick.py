"""Feedback items past their answer deadline escalate once to the managers above the responsible unit."""
from wanjia.feedback.services import feedback_escalate_overdue


def run(now) -> dict:
    return {"feedback_escalated": feedback_escalate_overdue(now)}
