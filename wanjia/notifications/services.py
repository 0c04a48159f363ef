"""The notification interface every domain uses: `notify(...)` writes inbox rows in the caller's transaction
and sends e-mail/SMS only after it commits, so a rolled-back action never sends anything."""
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from wanjia.notifications.backends import sms_backend
from wanjia.notifications.models import Channel, Notification
from wanjia.org.models import Role, Unit, User


def notify(*, recipients: Iterable[User], kind: str, subject: str, body: str = "", link: str = "",
           dedupe_key: str = "", channels: Iterable[str] = (Channel.INBOX,)) -> list[Notification]:
    """Notify staff users. With a `dedupe_key`, a user already notified under that key is skipped."""
    channels = list(dict.fromkeys([Channel.INBOX, *channels]))
    created = []
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    recipient=user, kind=kind, subject=subject, body=body, link=link, dedupe_key=dedupe_key,
                    channels=channels,
                ))
        except IntegrityError:
            continue  # already notified under this key
    if any(c != Channel.INBOX for c in channels) and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: deliver(ids))
    return created


def notify_phone(*, phone: str, kind: str, text: str, dedupe_key: str = "") -> Notification | None:
    """An SMS to a member of the public (a customer), also kept as a record."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(phone=phone, kind=kind, subject=text[:200], body=text,
                                                       dedupe_key=dedupe_key, channels=[Channel.SMS])
    except IntegrityError:
        return None
    transaction.on_commit(lambda: deliver([notification.pk]))
    return notification


def deliver(ids: list[int]) -> None:
    """Send the outside channels of these notifications. Claims each row with one conditional update, so two
    workers never send the same message twice (after Healthchecks' sendalerts)."""
    for notification in Notification.objects.filter(pk__in=ids, sent_at__isnull=True).select_related("recipient"):
        claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            continue
        errors = []
        recipient = notification.recipient
        if Channel.EMAIL in notification.channels and recipient and recipient.email:
            try:
                send_mail(notification.subject, notification.body, None, [recipient.email])
            except Exception as exc:  # a mail server's failure must not stop the other messages
                errors.append(f"email: {exc}")
        phone = notification.phone or (recipient.mobile if recipient else "")
        if Channel.SMS in notification.channels and phone:
            try:
                # A message to the public is its body alone; staff get the subject line first.
                text = notification.body if recipient is None else f"{notification.subject} {notification.body}"
                sms_backend().send(phone, text.strip())
            except Exception as exc:
                errors.append(f"sms: {exc}")
        if errors:
            Notification.objects.filter(pk=notification.pk).update(send_error="\n".join(errors))


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
