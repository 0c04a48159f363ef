import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wanjia.commitments.models import PolicySet
from wanjia.commitments.services import policy_set_activate
from wanjia.core.testing import make_customer
from wanjia.org.models import Unit
from wanjia.repairs.models import OrderStatus, RepairOrder, RepairOrderEvent, RepairPhoto, Urgency
from wanjia.repairs.tests.helpers import at, intake, png


def test_order_gets_station_code_date_and_sequence(tree):
    customer = make_customer(tree.a)
    first = intake(customer, received_at=at(2025, 3, 4, 9, 0))
    second = intake(customer, received_at=at(2025, 3, 4, 23, 59))
    next_day = intake(customer, received_at=at(2025, 3, 5, 0, 1))
    assert first.number == "TAS1-20250304-0001"
    assert second.number == "TAS1-20250304-0002"
    assert next_day.number == "TAS1-20250305-0001"
    assert first.station == tree.a.station and first.customer == customer
    assert first.events.get().to_status == OrderStatus.RECEIVED


def test_customer_found_by_phone_and_station_by_location(tree):
    customer = make_customer(tree.a, phone="13712345678")
    by_phone = intake(phone="13712345678")
    assert by_phone.customer == customer
    by_place = intake(phone="13000000000", latitude=25.05, longitude=100.15)
    assert by_place.customer is None and by_place.station == tree.a.rural_station


def test_urgency_danger_and_protected_load_first(tree):
    hospital = make_customer(tree.a, is_protected_load=True)
    assert intake(hospital).urgency == Urgency.PROTECTED_LOAD
    assert intake(hospital, category="line_down").urgency == Urgency.DANGER
    assert intake(make_customer(tree.a)).urgency == Urgency.NORMAL


@pytest.mark.parametrize("policy, lon, minutes, restoration", [
    ("regulator-2010", 100.05, 60, 180), ("regulator-2010", 100.15, 120, 240), ("regulator-2010", 100.25, 240, 240),
    ("company-2023", 100.05, 45, 180), ("company-2023", 100.15, 90, 240), ("company-2023", 100.25, 120, 240),
])
def test_arrival_deadline_by_area_type_and_policy(tree, policy, lon, minutes, restoration):
    policy_set_activate(policy_set=PolicySet.objects.get(code=policy))
    received = at(2025, 3, 4, 10, 0)
    order = intake(phone="13000000000", latitude=25.05, longitude=lon, received_at=received)
    assert order.arrival_due == received + dt.timedelta(minutes=minutes)
    assert order.restoration_minutes == restoration
    assert order.policy_set.code == policy


def test_a_station_edited_since_the_last_intake_routes_the_next_one(tree):
    """Stations are cached per process for intake; an edit (a save, as in the admin) is seen at once."""
    customer = make_customer(tree.a)
    received = at(2025, 3, 4, 10, 0)
    before = intake(customer, received_at=received)
    station = Unit.objects.get(pk=tree.a.station.pk)
    station.area_type, station.code = "remote", "TAS1X"
    station.save()
    after = intake(customer, received_at=received)
    assert before.area_type == "urban" and after.area_type == "remote"
    assert after.number.startswith("TAS1X-")
    assert after.arrival_due - received > before.arrival_due - received


def test_arrival_clock_runs_through_a_holiday_night(tree):
    """Repair limits are calendar minutes: National Day and the night do not stop them."""
    received = at(2025, 10, 1, 23, 30)
    order = intake(make_customer(tree.a), received_at=received)
    assert order.arrival_due == at(2025, 10, 2, 0, 30)


@pytest.mark.parametrize("overrides, field", [
    ({"account_number": "NOPE0001"}, "account_number"),
    ({"phone": ""}, "phone"),
    ({"phone": "call me"}, "phone"),
    ({"latitude": 40.0, "longitude": 120.0, "phone": "13000000000"}, "latitude"),
    ({"phone": "13000000000"}, "account_number"),  # neither customer nor place
    ({"category": "ghosts"}, "category"),
    ({"description": "  "}, "description"),
])
def test_bad_input_gets_field_error_and_saves_nothing(tree, overrides, field):
    with pytest.raises(ValidationError) as err:
        intake(**overrides)
    assert field in err.value.message_dict
    assert not RepairOrder.objects.exists() and not RepairOrderEvent.objects.exists()


def test_non_image_photo_is_refused_and_nothing_saved(tree):
    customer = make_customer(tree.a)
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        intake(customer, photos=[fake])
    assert "photos" in err.value.message_dict
    assert not RepairOrder.objects.exists()


def test_oversized_photo_is_refused(tree, settings):
    settings.WANJIA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as err:
        intake(make_customer(tree.a), photos=[png()])
    assert "photos" in err.value.message_dict


def test_photo_is_kept(tree):
    order = intake(make_customer(tree.a), photos=[png()])
    assert RepairPhoto.objects.get(order=order).image.name.endswith(".png")
