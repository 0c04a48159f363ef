"""Payment channels: coverage on a small hand-checked map, the standards' inheritance, collection speed, the
pages and their scope."""
import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from wanjia.core.testing import make_customer
from wanjia.customers.models import CustomerClass, WalkInCategory
from wanjia.network.models import Transformer
from wanjia.org.models import Role
from wanjia.payments import scorecard, selectors, services
from wanjia.payments.coverage import coverage, nearest, nearest_brute_force
from wanjia.payments.models import ChannelKind, PaymentChannel, PaymentMeasure, PaymentStandard
from wanjia.portal.tests.text import page_text, zh

KM_PER_DEGREE = 6371.0088 * np.pi / 180  # along a meridian


def _kind(code):
    return ChannelKind.objects.get(code=code)


def _village(county, code, lat, lon, n, **extra):
    t = Transformer.objects.create(code=code, name=f"{code}台区", feeder=county.feeder, latitude=lat, longitude=lon)
    for _i in range(n):
        make_customer(county, walk_in_category=WalkInCategory.VILLAGE, transformer=t, latitude=None, longitude=None,
                      **extra)
    return t


def _point(county, kind, lat, lon, **extra):
    return services.channel_save(kind=_kind(kind), name=f"{kind}@{lat},{lon}", unit=county.station, latitude=lat,
                                 longitude=lon, actor=None, **extra)


@pytest.fixture
def village_map(tree):
    """County A: V1 (3 customers) 3.3 km south of a bank; V2 (2 customers) 18.9 km from it, with only an online
    wallet and a closed agent point on the spot. County B: V3 (1 customer) 5.0 km east of a terminal.
    Plus a village customer with no transformer location and a non-village customer far away."""
    a, b = tree.a, tree.b
    v1 = _village(a, "V1", 25.00, 100.00, 3)
    v2 = _village(a, "V2", 25.20, 100.00, 2)
    v3 = _village(b, "V3", 26.00, 100.00, 1)
    _village(a, "V4", None, None, 1)
    make_customer(a, walk_in_category=WalkInCategory.ENTERPRISE, customer_class=CustomerClass.LV_NON_RESIDENT,
                  latitude=29.0, longitude=100.0)
    bank = _point(a, "bank", 25.03, 100.00)
    services.channel_save(kind=_kind("online_wallet"), name="wallet", unit=a.unit, latitude=25.2, longitude=100.0,
                          actor=None)
    _point(a, "village_agent", 25.20, 100.00, is_active=False,
           closed_on=timezone.localdate() - dt.timedelta(days=60))
    terminal = _point(b, "self_service", 26.00, 100.05)
    return {"v1": v1, "v2": v2, "v3": v3, "bank": bank, "terminal": terminal}


def test_coverage_on_a_hand_checked_map(tree, village_map):
    result = coverage(unit=tree.a.unit)
    by_name = {v.name: v for v in result.villages}
    assert set(by_name) == {"V1台区", "V2台区"}
    assert by_name["V1台区"].distance_km == pytest.approx(0.03 * KM_PER_DEGREE, abs=1e-6)  # 3.336 km
    assert by_name["V2台区"].distance_km == pytest.approx(0.17 * KM_PER_DEGREE, abs=1e-6)  # 18.903 km
    assert by_name["V2台区"].nearest["id"] == village_map["bank"].pk
    assert [v.name for v in result.difficult] == ["V2台区"]
    assert (result.customers, result.covered_customers, result.unlocated_customers) == (5, 3, 1)
    assert result.share == pytest.approx(3 / 5)
    # 0.05° of longitude at 26°N: 5.5598 km × cos 26° = 4.997 km, just inside 5 km.
    v3 = coverage(unit=tree.b.unit).villages[0]
    assert v3.distance_km == pytest.approx(4.997, abs=0.001) and v3.covered
    shares = {row["unit"].code: row["share"] for row in coverage(unit=tree.prefecture).by_unit(tree.prefecture)}
    assert shares == {"TA": pytest.approx(0.6), "TB": 1.0}
    assert coverage(unit=tree.province).share == pytest.approx(4 / 6)


def test_a_units_own_standard_overrides_the_default(tree, village_map):
    PaymentStandard.objects.create(unit=tree.b.unit, max_distance_km=Decimal("4.0"), posting_hours=12, source="本县规定")
    [v3] = coverage(unit=tree.b.unit).villages
    assert v3.limit_km == 4.0 and not v3.covered
    assert coverage(unit=tree.a.unit).villages[0].limit_km == 5.0


def test_no_physical_point_means_every_village_is_difficult(tree):
    _village(tree.a, "V9", 25.0, 100.0, 2)
    result = coverage(unit=tree.a.unit)
    assert result.share == 0 and result.villages[0].nearest is None
    assert coverage(unit=tree.b.unit).share is None


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.integers(min_value=1, max_value=300), st.integers(0, 10_000))
def test_k_d_tree_agrees_with_brute_force(n_villages, n_points, seed):
    rng = np.random.default_rng(seed)
    # Whole-globe coordinates, poles and the date line included.
    villages = np.column_stack((rng.uniform(-90, 90, n_villages), rng.uniform(-180, 180, n_villages)))
    points = np.column_stack((rng.uniform(-90, 90, n_points), rng.uniform(-180, 180, n_points)))
    d_tree, _ = nearest(villages, points)
    d_brute, _ = nearest_brute_force(villages, points)
    np.testing.assert_allclose(d_tree, d_brute, atol=1e-6)


def test_scorecard_payment_channels(tree, village_map):
    today = timezone.localdate()
    assert scorecard.SOURCES["payment_channels"](tree.a.unit, today, today) == pytest.approx(0.6)


def test_physical_points_need_a_location(tree):
    with pytest.raises(ValidationError) as exc:
        services.channel_save(kind=_kind("bank"), name="x", unit=tree.a.station, actor=None)
    assert "latitude" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.channel_save(kind=_kind("bank"), name="x", unit=tree.b.station, latitude=26, longitude=100,
                              actor=tree.a.users[Role.MANAGER])
    assert not PaymentChannel.objects.exists()


def test_collection_speed(tree):
    customer = make_customer(tree.a)
    bank = _point(tree.a, "bank", 25.0, 100.0)
    now = timezone.now()
    paid = now - dt.timedelta(days=3)
    services.payment_record(customer=customer, amount=Decimal("10"), channel=bank, paid_at=paid,
                            posted_at=paid + dt.timedelta(hours=1))
    services.payment_record(customer=customer, amount=Decimal("20"), channel=bank, paid_at=paid,
                            posted_at=paid + dt.timedelta(hours=30))
    services.payment_record(customer=customer, amount=Decimal("30"), channel=bank, paid_at=now - dt.timedelta(hours=2))
    late = services.payment_record(customer=customer, amount=Decimal("40"), channel=bank,
                                   paid_at=now - dt.timedelta(hours=48))
    today = timezone.localdate()
    start = today - dt.timedelta(days=6)
    total = selectors.collection_figures(records=customer.payments.all(), start=start, end=today, now=now)[0]
    assert (total.payments, total.posted, total.fast, total.pending) == (4, 2, 1, 1)
    assert total.amount == 100 and total.fast_share == pytest.approx(1 / 3)
    assert total.median_hours == pytest.approx(15.5)
    assert scorecard.SOURCES["fast_collection"](tree.a.unit, start, today) == pytest.approx(1 / 3)
    assert scorecard.SOURCES["fast_collection"](tree.b.unit, start, today) is None
    with pytest.raises(ValidationError):
        services.payment_post(record=late, at=late.paid_at - dt.timedelta(hours=1))
    services.payment_post(record=late, at=now)
    services.payment_post(record=late, at=now + dt.timedelta(hours=5))
    late.refresh_from_db()
    assert late.posted_at == now
    # A station's own, longer posting limit: the 30-hour posting is now fast; the scorecard's SQL count and
    # the collection figures agree.
    PaymentStandard.objects.create(unit=tree.a.station, max_distance_km=5, posting_hours=36, source="本地规则")
    total = selectors.collection_figures(records=customer.payments.all(), start=start, end=today, now=now)[0]
    assert total.fast_share == pytest.approx(2 / 3)
    assert scorecard.SOURCES["fast_collection"](tree.a.unit, start, today) == pytest.approx(2 / 3)


def test_channel_pages_and_scope(client, tree, village_map):
    client.force_login(tree.a.users[Role.MANAGER])
    listing = page_text(client.get("/payments/"))
    assert village_map["bank"].name in listing and village_map["terminal"].name not in listing
    assert client.get(f"/payments/{village_map['terminal'].pk}/edit/").status_code == 404
    bad = client.post("/payments/new/", {"kind": _kind("bank").pk, "name": "新网点", "unit": tree.a.station.pk})
    assert bad.status_code == 400 and zh("实体网点必须填写位置") in page_text(bad)
    other = client.post("/payments/new/", {"kind": _kind("bank").pk, "name": "越界", "unit": tree.b.station.pk,
                                           "latitude": 26, "longitude": 100, "is_active": "on"})
    assert other.status_code == 400 and not PaymentChannel.objects.filter(name="越界").exists()
    ok = client.post("/payments/new/", {"kind": _kind("bank").pk, "name": "新网点", "unit": tree.a.station.pk,
                                        "latitude": 25.2, "longitude": 100.0, "hours": "09:00-17:00",
                                        "is_active": "on"})
    assert ok.status_code == 302
    page = page_text(client.get("/payments/coverage/"))
    assert "coverage-data" in page and "100.0%" in page  # the new point covers V2
    client.force_login(tree.a.users[Role.AUDITOR])
    assert client.get("/payments/new/").status_code == 403


def test_coverage_page_lists_difficult_villages_with_map_data(client, tree, village_map):
    client.force_login(tree.a.users[Role.MANAGER])
    page = client.get("/payments/coverage/")
    html = page_text(page)
    assert page.status_code == 200
    assert zh("V2台区") in html and "18.9" in html and "60.0%" in html
    assert zh("V3台区") not in html  # county B is outside the scope
    export = client.get("/payments/coverage/?format=xlsx")
    assert export.status_code == 200
    assert client.get("/payments/collection/").status_code == 200


def test_channel_api_validates_and_keeps_to_the_scope(tree, village_map):
    from wanjia.core.testing import api_client

    client = api_client(tree.a.users[Role.MANAGER])
    listed = client.get("/api/v1/payments/channels/").json()["results"]
    assert {c["name"] for c in listed} == {village_map["bank"].name, "wallet", "village_agent@25.2,100.0"}
    missing = client.post("/api/v1/payments/channels/", {"kind": "bank", "name": "x", "unit": tree.a.station.code},
                          format="json")
    assert missing.status_code == 400 and "latitude" in missing.json()["fields"]
    outside = client.post("/api/v1/payments/channels/", {"kind": "bank", "name": "x", "unit": tree.b.station.code,
                                                          "latitude": 26, "longitude": 100}, format="json")
    assert outside.status_code == 400 and "unit" in outside.json()["fields"]  # answers like a missing unit
    assert not PaymentChannel.objects.filter(name="x").exists()
    created = client.post("/api/v1/payments/channels/", {"kind": "village_agent", "name": "新代收点",
                                                          "unit": tree.a.rural_station.code, "latitude": 25.1,
                                                          "longitude": 100.1}, format="json")
    assert created.status_code == 201 and created.json()["is_physical"] is True
    assert api_client(tree.a.users[Role.AUDITOR]).post("/api/v1/payments/channels/", {}, format="json").status_code == 403


def test_coverage_counts_every_resident_by_where_they_live(tree, village_map):
    """Residents outside the walk-in "village" tag count too, at their own location when they have one."""
    t = village_map["v1"]
    make_customer(tree.a, transformer=t, latitude=25.20, longitude=100.00)  # lives in V2's hamlet
    make_customer(tree.a, transformer=t, latitude=None, longitude=None)  # placed at its transformer
    make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT, latitude=25.0, longitude=100.0)
    result = coverage(unit=tree.a.unit)
    assert (result.customers, result.covered_customers) == (7, 4)
    far = [v for v in result.difficult if v.transformer_id == t.pk]
    assert len(far) == 1 and far[0].customers == 1 and far[0].distance_km > 18


def test_coverage_of_a_past_day_uses_the_points_in_service_then(tree, village_map):
    today = timezone.localdate()
    week_ago = today - dt.timedelta(days=7)
    # A point opened three days ago at V2: today V2 is covered, a week ago it was not.
    _point(tree.a, "village_agent", 25.19, 100.00, opened_on=today - dt.timedelta(days=3))
    assert coverage(unit=tree.a.unit, on=today).share == 1.0
    assert coverage(unit=tree.a.unit, on=week_ago).share == pytest.approx(3 / 5)
    # Switching the bank off dates it: today V1 loses its point, a week ago it still had it.
    services.channel_save(channel=village_map["bank"], is_active=False, actor=tree.a.users[Role.MANAGER])
    village_map["bank"].refresh_from_db()
    assert village_map["bank"].closed_on == today
    assert coverage(unit=tree.a.unit).share == pytest.approx(2 / 5)
    assert coverage(unit=tree.a.unit, on=week_ago).share == pytest.approx(3 / 5)
    assert scorecard.SOURCES["payment_channels"](tree.a.unit, week_ago, week_ago) == pytest.approx(3 / 5)
    with pytest.raises(ValidationError) as exc:
        services.channel_save(channel=village_map["terminal"], is_active=False, opened_on=today,
                              closed_on=week_ago, actor=None)
    assert "closed_on" in exc.value.message_dict


def test_a_done_measure_covers_a_difficult_village_from_its_day(tree, village_map):
    from wanjia.core.errors import DomainError
    from wanjia.payments.models import MeasureKind

    manager = tree.a.users[Role.MANAGER]
    today = timezone.localdate()
    mobile = MeasureKind.objects.get(code="mobile")
    measure = services.measure_create(transformer=village_map["v2"], unit=tree.a.unit, kind=mobile,
                                      description="每月5日流动收费车到村", due_date=today, actor=manager)
    assert coverage(unit=tree.a.unit).share == pytest.approx(3 / 5)  # planned is not done
    with pytest.raises(PermissionDenied):
        services.measure_complete(measure=measure, note="已开通", actor=tree.b.users[Role.MANAGER])
    with pytest.raises(DomainError):
        services.measure_complete(measure=measure, note=" ", actor=manager)
    services.measure_complete(measure=measure, note="已开通", actor=manager, on=today - dt.timedelta(days=2))
    assert coverage(unit=tree.a.unit).share == 1.0 and not coverage(unit=tree.a.unit).difficult
    assert coverage(unit=tree.a.unit, on=today - dt.timedelta(days=3)).share == pytest.approx(3 / 5)
    # A kind that does not bring payment to the village (online payment) does not cover it.
    MeasureKind.objects.filter(code="mobile").update(covers_village=False)
    assert coverage(unit=tree.a.unit).share == pytest.approx(3 / 5)
    # County B's manager cannot plan a measure for county A's village; A cannot give it to B.
    with pytest.raises(PermissionDenied):
        services.measure_create(transformer=village_map["v2"], unit=tree.a.unit, kind=mobile, description="x",
                                due_date=today, actor=tree.b.users[Role.MANAGER])
    with pytest.raises(DomainError):
        services.measure_create(transformer=village_map["v3"], unit=tree.a.unit, kind=mobile, description="x",
                                due_date=today, actor=manager)


def test_measure_api_keeps_to_the_scope(tree, village_map):
    from wanjia.core.testing import api_client

    today = timezone.localdate().isoformat()
    body = {"transformer": "V2", "unit": tree.a.unit.code, "kind": "agent", "description": "村小卖部代收",
            "due_date": today}
    outside = api_client(tree.b.users[Role.MANAGER]).post("/api/v1/payments/measures/", body, format="json")
    assert outside.status_code == 400 and not PaymentMeasure.objects.exists()  # A's village and unit: not referable
    client = api_client(tree.a.users[Role.MANAGER])
    created = client.post("/api/v1/payments/measures/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api_client(tree.b.users[Role.MANAGER]).get(f"/api/v1/payments/measures/{pk}/").status_code == 404
    missing = client.post(f"/api/v1/payments/measures/{pk}/complete/", {}, format="json")
    assert missing.status_code == 400 and "note" in missing.json()["fields"]
    done = client.post(f"/api/v1/payments/measures/{pk}/complete/", {"note": "已签约"}, format="json")
    assert done.status_code == 200 and done.json()["done_on"] == today
    assert coverage(unit=tree.a.unit).share == 1.0


def test_a_counter_clerk_plans_and_completes_a_measure_from_the_difficult_list(tree, village_map, client):
    """The page loop: the difficult list offers "登记措施" for the village; the measure shows as under way
    there and in the measures list; completing it (with a note) takes the village off the list."""
    from wanjia.payments.models import MeasureKind

    clerk = tree.a.users[Role.COUNTER]
    client.force_login(clerk)
    v2 = village_map["v2"]
    v2.name = "<img src=x onerror=alert(1)>村"
    v2.save()
    page = client.get("/payments/coverage/", {"unit": tree.a.unit.code})
    assert page.status_code == 200
    assert f"/payments/measures/new/?transformer={v2.pk}" in page.content.decode()
    assert "<img src=x" not in page.content.decode()

    form = client.get("/payments/measures/new/", {"transformer": v2.pk})
    assert form.status_code == 200 and "&lt;img src=x" in form.content.decode()
    due = timezone.localdate() + dt.timedelta(days=20)
    mobile = MeasureKind.objects.get(code="mobile")
    empty = client.post(f"/payments/measures/new/?transformer={v2.pk}", {"kind": mobile.pk, "unit": tree.a.unit.pk,
                                                                         "description": " ", "due_date": ""})
    assert empty.status_code == 400 and not PaymentMeasure.objects.exists()
    assert {"description", "due_date"} <= set(empty.context["form"].errors)
    done = client.post(f"/payments/measures/new/?transformer={v2.pk}", {
        "kind": mobile.pk, "unit": tree.a.station.pk, "description": "每月5日流动收费车到村",
        "due_date": due.isoformat()}, follow=True)
    measure = PaymentMeasure.objects.get()
    assert (measure.transformer, measure.unit, measure.due_date, measure.created_by) == (v2, tree.a.station, due, clerk)
    assert "流动收费" in page_text(done) and due.isoformat() in page_text(done)  # the message names it
    listed = client.get("/payments/coverage/", {"unit": tree.a.unit.code})
    assert "进行中" in page_text(listed)

    complete = client.post(f"/payments/measures/{measure.pk}/complete/", {"note": "", "on": timezone.localdate()})
    assert complete.status_code == 400
    client.post(f"/payments/measures/{measure.pk}/complete/", {"note": "已开通", "on": timezone.localdate()})
    measure.refresh_from_db()
    assert measure.done_on == timezone.localdate()
    assert v2.pk not in [v.transformer_id for v in coverage(unit=tree.a.unit).difficult]
    assert "已完成" in page_text(client.get("/payments/measures/", {"state": "done"}))


def test_measure_pages_keep_to_the_scope(tree, village_map, client):
    """County B's clerk cannot open county A's village or measure (404, nothing written); a garbage id is a
    404, never a server error; an auditor reads the list but has no complete button."""
    a_manager = tree.a.users[Role.MANAGER]
    from wanjia.payments.models import MeasureKind

    measure = services.measure_create(transformer=village_map["v2"], unit=tree.a.unit,
                                      kind=MeasureKind.objects.get(code="mobile"), description="x",
                                      due_date=timezone.localdate(), actor=a_manager)
    client.force_login(tree.b.users[Role.COUNTER])
    assert client.get("/payments/measures/new/", {"transformer": village_map["v2"].pk}).status_code == 404
    assert client.get("/payments/measures/new/", {"transformer": "1 OR 1=1"}).status_code == 404
    assert client.post(f"/payments/measures/{measure.pk}/complete/", {"note": "x"}).status_code == 404
    assert "x" not in [m.description for m in selectors.measure_list(user=tree.b.users[Role.COUNTER])]
    client.force_login(tree.a.users[Role.AUDITOR])
    listed = client.get("/payments/measures/")
    assert listed.status_code == 200 and f"/payments/measures/{measure.pk}/complete/" not in listed.content.decode()
    assert client.post(f"/payments/measures/{measure.pk}/complete/", {"note": "x"}).status_code == 403
    measure.refresh_from_db()
    assert measure.done_on is None
