"""Outside channels. E-mail goes through Django's e-mail backend (settings.EMAIL_BACKEND); SMS through a
class named by settings.WANJIA_SMS_BACKEND that implements `SmsBackend`. The default only logs, so a site
without an SMS gateway loses nothing: the inbox always has the message."""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("wanjia.sms")


class SmsBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySmsBackend(SmsBackend):
    """For tests: keeps what would have been sent."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append((phone, text))


def sms_backend() -> SmsBackend:
    return import_string(settings.WANJIA_SMS_BACKEND)()
