"""Building applications for tests: through the intake service, with the checklist's documents attached."""
import datetime as dt
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from opencc import OpenCC

from wanjia.connections import services
from wanjia.connections.models import Application, ApplicationType, IntakeChannel, RequiredDocument
from wanjia.customers.models import CustomerClass

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KVA = {CustomerClass.RESIDENT: 8, CustomerClass.LV_NON_RESIDENT: 120, CustomerClass.HV_SINGLE: 800,
       CustomerClass.HV_DUAL: 2500}


_t2s = OpenCC("t2s")


def hans(text: str) -> str:
    """Simplified characters: the UI language users read (source strings are traditional; a message not yet in
    the catalogue is still shown in traditional, so tests compare both sides in simplified)."""
    return _t2s.convert(str(text))


def shows(text: str, *needles: str) -> bool:
    return all(hans(n) in hans(text) for n in needles)


def either(text: str) -> re.Pattern:
    """A Playwright name matching the traditional source or its simplified translation."""
    return re.compile(f"{re.escape(text)}|{re.escape(hans(text))}")


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def checklist(customer_class, application_type=ApplicationType.NEW):
    return list(RequiredDocument.objects.filter(customer_class=customer_class,
                                                application_type__in=["", application_type]))


def make_application(county, *, customer_class=CustomerClass.RESIDENT, application_type=ApplicationType.NEW,
                     kva=None, actor=None, received_at=None, documents=True, phone="13912345678",
                     channel=IntakeChannel.COUNTER, customer=None) -> Application:
    actor = actor or county.users["counter"]
    docs = [(r, pdf(f"{r.code}.pdf")) for r in checklist(customer_class, application_type)] if documents else []
    return services.application_intake(
        application_type=application_type, applicant_name="张三", phone=phone, customer_class=customer_class,
        requested_kva=Decimal(kva if kva is not None else KVA[customer_class]), address="测试路1号",
        station=county.station, channel=channel, actor=actor, customer=customer, received_at=received_at,
        documents=docs)
