"""Outside channels. E-mail goes through Django's e-mail backend (settings.EMAIL_BACKEND); SMS through a
class named by settings.WANJIA_SMS_BACKEND that implements `SmsBackend`. The default only logs, so a site
without an SMS gateway loses nothing: the inbox always has the message."""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("wanjia.sms")


class SmsBackend:
    def send(self, phone: str, text: str, message_id: str = "") -> None:
        """Hand one message to the gateway; raise on failure (it is retried). `message_id` is the same on
        every attempt of one message: pass it to the gateway as its client reference where it can drop a
        repeat."""
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    def send(self, phone: str, text: str, message_id: str = "") -> None:
        logger.info("SMS %s to %s: %s", message_id, phone, text)


class MemorySmsBackend(SmsBackend):
    """For tests: keeps what would have been sent (`sent` also keeps the message ids)."""

    outbox: list[tuple[str, str]] = []
    sent: list[str] = []

    def send(self, phone: str, text: str, message_id: str = "") -> None:
        MemorySmsBackend.outbox.append((phone, text))
        MemorySmsBackend.sent.append(message_id)


def sms_backend() -> SmsBackend:
    return import_string(settings.WANJIA_SMS_BACKEND)()
