"""Send every message that is due: retries whose backoff has passed and messages a dead worker had claimed."""
from wanjia.notifications.services import deliver_due


def run(now) -> dict:
    return {"messages_sent": deliver_due(now)}
