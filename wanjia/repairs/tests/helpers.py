"""Shared set-up for the repair tests: a crew per county and orders at given moments."""
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from wanjia.org.models import Role
from wanjia.repairs.models import Crew
from wanjia.repairs.services import order_intake


def at(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def crew_for(county) -> Crew:
    crew, _ = Crew.objects.get_or_create(station=county.station, name="一班")
    crew.members.add(county.users[Role.CREW])
    return crew


def intake(customer=None, **overrides):
    values = {"channel": "phone_95598", "caller_name": "张三", "phone": "13900001111", "description": "家里没电",
              "category": "no_power", "account_number": customer.account_number if customer else ""}
    values.update(overrides)
    return order_intake(**values)


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
