"""SMS and e-mail leave the request: a worker claims, sends, marks and retries with backoff. Whatever the
gateway or the worker does mid-batch, every message ends up delivered exactly once."""
import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from wanjia.notifications import tick
from wanjia.notifications.backends import MemorySmsBackend
from wanjia.notifications.models import Delivery, Notification
from wanjia.notifications.services import backoff, deliver, deliver_due, notify, notify_phone

PHONES = [f"1380000{i:04d}" for i in range(8)]


class GatewayDown(MemorySmsBackend):
    """Accepts `budget` messages, then fails every send until it is brought back."""

    budget = 3

    def send(self, phone, text, message_id=""):
        if GatewayDown.budget <= 0:
            raise ConnectionError("SMS gateway unreachable")
        GatewayDown.budget -= 1
        super().send(phone, text, message_id)


class WorkerKilled(BaseException):
    """The worker process dies (not an error the delivery code could catch)."""


class KillsTheWorker(MemorySmsBackend):
    kill_on: str = ""

    def send(self, phone, text, message_id=""):
        if phone == KillsTheWorker.kill_on:
            KillsTheWorker.kill_on = ""  # the next worker survives
            raise WorkerKilled
        super().send(phone, text, message_id)


def _batch(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for phone in PHONES:
            notify_phone(phone=phone, kind="repair.restored", text=f"已复电 {phone}", dedupe_key=f"t:{phone}")


def _later(minutes):
    return timezone.now() + dt.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_gateway_failing_mid_batch_delivers_every_message_once_after_the_retry(settings, django_capture_on_commit_callbacks):
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.tests.test_delivery.GatewayDown"
    GatewayDown.budget = 3
    _batch(django_capture_on_commit_callbacks)
    assert len(MemorySmsBackend.outbox) == 3
    waiting = Notification.objects.filter(delivery=Delivery.PENDING)
    assert waiting.count() == 5 and all("unreachable" in n.send_error for n in waiting)
    assert all(n.attempts == 1 and n.next_attempt_at > timezone.now() for n in waiting)

    assert deliver_due() == 0  # still backing off: nothing is sent early
    GatewayDown.budget = 100  # the gateway is back
    assert tick.run(_later(1)) == {"messages_sent": 5}
    assert sorted(p for p, _ in MemorySmsBackend.outbox) == PHONES  # each exactly once
    assert len(set(MemorySmsBackend.sent)) == len(MemorySmsBackend.sent) == 8
    assert not Notification.objects.exclude(delivery=Delivery.SENT).exists()
    assert deliver_due(_later(120)) == 0  # nothing is ever sent again


@pytest.mark.django_db
def test_worker_killed_between_claim_and_send_loses_nothing(settings, django_capture_on_commit_callbacks):
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.tests.test_delivery.KillsTheWorker"
    KillsTheWorker.kill_on = PHONES[3]
    with django_capture_on_commit_callbacks(execute=False):  # the hand-over is lost: only the rows exist
        for phone in PHONES:
            notify_phone(phone=phone, kind="repair.restored", text=f"已复电 {phone}")
    with pytest.raises(WorkerKilled):  # one worker takes the whole batch and dies at the fourth message
        deliver(Notification.objects.order_by("pk").values_list("pk", flat=True))
    assert [p for p, _ in MemorySmsBackend.outbox] == PHONES[:3]
    stuck = Notification.objects.get(phone=PHONES[3])
    assert stuck.delivery == Delivery.SENDING  # claimed by the dead worker
    assert Notification.objects.filter(delivery=Delivery.PENDING).count() == 4

    # Before the dead worker's claim expires only the never-claimed messages go out ...
    assert deliver_due(_later(1)) == 4
    # ... and once it has expired, the claimed one too.
    assert deliver_due(_later(10)) == 1
    assert sorted(p for p, _ in MemorySmsBackend.outbox) == PHONES
    assert deliver_due(_later(60)) == 0


@pytest.mark.django_db
def test_a_channel_that_went_out_is_not_repeated_when_another_fails(tree, settings, django_capture_on_commit_callbacks):
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.tests.test_delivery.GatewayDown"
    GatewayDown.budget = 0
    manager = tree.a.users["manager"]
    manager.email, manager.mobile = "m@example.org", "13900000000"
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[manager], kind="t", subject="超时", channels=["email", "sms"])
    assert len(mail.outbox) == 1 and MemorySmsBackend.outbox == []
    GatewayDown.budget = 1
    assert deliver_due(_later(1)) == 1
    assert len(mail.outbox) == 1 and MemorySmsBackend.outbox == [("13900000000", "超时")]


@pytest.mark.django_db
def test_gives_up_after_the_last_attempt_and_says_why(settings, django_capture_on_commit_callbacks):
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.tests.test_delivery.GatewayDown"
    settings.WANJIA_NOTIFY_MAX_ATTEMPTS = 3
    GatewayDown.budget = 0
    with django_capture_on_commit_callbacks(execute=True):
        notify_phone(phone=PHONES[0], kind="t", text="x")
    for minutes in (1, 3):
        deliver_due(_later(minutes))
    message = Notification.objects.get()
    assert (message.delivery, message.attempts) == (Delivery.FAILED, 3)
    assert "unreachable" in message.send_error
    assert backoff(1) == dt.timedelta(seconds=30) and backoff(20) == dt.timedelta(hours=1)
