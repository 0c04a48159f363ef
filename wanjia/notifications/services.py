"""The notification interface every domain uses: `notify(...)` writes inbox rows in the caller's transaction;
e-mail and SMS go out on a worker after it commits, so a rolled-back action never sends anything and a slow
or failing gateway never holds up the request.

Delivery (`deliver`): each message is claimed with one conditional UPDATE (so two workers never send it
twice), each channel is sent and marked delivered at once (a retry never repeats a channel that went out),
and a failure leaves the message pending with a backoff (`next_attempt_at`) and a retry task. A worker that
dies between the claim and the send leaves the message `sending`; once its claim is older than the lease the
sweep (`deliver_due`, run by `wanjia tick` and after every retry) claims it again, so no message is lost. The
one window that can repeat a message is a crash after the gateway accepted it and before the mark: the
gateway gets the same `message_id` again and can drop the repeat.
"""
import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from wanjia.notifications.backends import sms_backend
from wanjia.notifications.models import Channel, Delivery, Notification
from wanjia.org.models import Role, Unit, User

logger = logging.getLogger("wanjia.notifications")


def notify(*, recipients: Iterable[User], kind: str, subject: str, body: str = "", link: str = "",
           dedupe_key: str = "", channels: Iterable[str] = (Channel.INBOX,)) -> list[Notification]:
    """Notify staff users. With a `dedupe_key`, a user already notified under that key is skipped."""
    channels = list(dict.fromkeys([Channel.INBOX, *channels]))
    outside = any(c != Channel.INBOX for c in channels)
    created = []
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    recipient=user, kind=kind, subject=subject, body=body, link=link, dedupe_key=dedupe_key,
                    channels=channels, **(_pending() if outside else {}),
                ))
        except IntegrityError:
            continue  # already notified under this key
    if outside and created:
        _deliver_after_commit([n.pk for n in created])
    return created


def notify_phone(*, phone: str, kind: str, text: str, dedupe_key: str = "") -> Notification | None:
    """An SMS to a member of the public (a customer), also kept as a record."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(phone=phone, kind=kind, subject=text[:200], body=text,
                                                       dedupe_key=dedupe_key, channels=[Channel.SMS], **_pending())
    except IntegrityError:
        return None
    _deliver_after_commit([notification.pk])
    return notification


def _pending() -> dict:
    return {"delivery": Delivery.PENDING, "next_attempt_at": timezone.now()}


def _deliver_after_commit(ids: list[int]) -> None:
    """Hand the messages to a worker once the transaction commits. If the process dies in between, the
    rows are pending and due, and the sweep sends them."""
    transaction.on_commit(lambda: deliver_task.enqueue(ids))


@task(queue_name="notifications")
def deliver_task(ids: list[int]) -> int:
    return deliver(ids)


def deliver(ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Send the due outside channels of these notifications; returns how many were completely sent."""
    now = now or timezone.now()
    sent, retry_at = 0, None
    for pk in ids:
        outcome = _deliver_one(pk, now)
        if outcome is True:
            sent += 1
        elif isinstance(outcome, dt.datetime):
            retry_at = min(retry_at or outcome, outcome)
    if retry_at is not None and deliver_task.get_backend().supports_defer:
        # One sweep at the earliest backoff picks up every message due by then (not one task per message).
        deliver_due_task.using(run_after=retry_at).enqueue()
    return sent


def _claimable(now: dt.datetime) -> Q:
    lease = dt.timedelta(seconds=settings.WANJIA_NOTIFY_LEASE_SECONDS)
    return (Q(delivery=Delivery.PENDING, next_attempt_at__lte=now)
            | Q(delivery=Delivery.SENDING, claimed_at__lt=now - lease))


def _deliver_one(pk: int, now: dt.datetime):
    """Claim, send each channel not yet delivered, mark. True when sent, the retry time when it failed
    and will be retried, None when not claimed (another worker has it, or it is not due)."""
    claimed = (Notification.objects.filter(_claimable(now), pk=pk)
               .update(delivery=Delivery.SENDING, claimed_at=now, attempts=F("attempts") + 1))
    if not claimed:
        return None
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    errors = []
    for channel, send in _senders(notification):
        if channel in notification.delivered_channels:
            continue
        try:
            send()
        except Exception as exc:  # one gateway's failure must not stop the other channel or messages
            errors.append(f"{channel}: {exc}")
            continue
        notification.delivered_channels.append(channel)
        Notification.objects.filter(pk=pk).update(delivered_channels=notification.delivered_channels)
    if not errors:
        Notification.objects.filter(pk=pk).update(delivery=Delivery.SENT, sent_at=timezone.now(), send_error="",
                                                  next_attempt_at=None)
        return True
    if notification.attempts >= settings.WANJIA_NOTIFY_MAX_ATTEMPTS:
        logger.warning("notification %s given up after %s attempts: %s", pk, notification.attempts, errors)
        Notification.objects.filter(pk=pk).update(delivery=Delivery.FAILED, send_error="\n".join(errors),
                                                  next_attempt_at=None)
        return None
    retry_at = now + backoff(notification.attempts)
    Notification.objects.filter(pk=pk).update(delivery=Delivery.PENDING, send_error="\n".join(errors),
                                              next_attempt_at=retry_at)
    return retry_at


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... doubling after each failed attempt, at most an hour."""
    return dt.timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def _senders(notification: Notification):
    """(channel, send()) for each outside channel this message has a destination for."""
    recipient = notification.recipient
    message_id = f"wanjia-notification-{notification.pk}"
    if Channel.EMAIL in notification.channels and recipient and recipient.email:
        yield Channel.EMAIL, lambda: EmailMessage(
            notification.subject, notification.body, None, [recipient.email],
            headers={"Message-ID": f"<{message_id}@wanjia>"}).send()
    phone = notification.phone or (recipient.mobile if recipient else "")
    if Channel.SMS in notification.channels and phone:
        # A message to the public is its body alone; staff get the subject line first.
        text = notification.body if recipient is None else f"{notification.subject} {notification.body}"
        yield Channel.SMS, lambda: sms_backend().send(phone, text.strip(), message_id=message_id)


def deliver_due(now: dt.datetime | None = None) -> int:
    """The sweep: send every message that is due (a retry whose backoff has passed, a claim whose worker
    died, a message whose hand-over to a worker was lost)."""
    now = now or timezone.now()
    ids = list(Notification.objects.filter(_claimable(now)).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:1000])
    return deliver(ids, now)


@task(queue_name="notifications")
def deliver_due_task() -> int:
    return deliver_due()


def unit_staff(unit: Unit, *roles: str) -> list[User]:
    """Active users of exactly this unit holding any of the roles (e.g. the station's managers)."""
    return list(User.objects.filter(unit=unit, is_active=True, roles__code__in=roles).distinct())


def managers_above(unit: Unit) -> list[User]:
    """The nearest managers: of the unit itself, else of the closest ancestor that has any."""
    for candidate in [unit, *unit.ancestors_nearest_first()]:
        found = unit_staff(candidate, Role.MANAGER)
        if found:
            return found
    return []


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
