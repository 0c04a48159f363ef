"""The public portal: every page opens without a login, rate limits and the challenge hold, the tracking page
shows nothing personal, and pages whose app is missing say so instead of failing."""
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from wanjia.commitments.models import PolicySet
from wanjia.commitments.services import policy_set_activate
from wanjia.core.testing import make_customer
from wanjia.halls import services as hall_services
from wanjia.halls.models import Rating
from wanjia.org.models import Role
from wanjia.payments import services as payment_services
from wanjia.payments.models import ChannelKind
from wanjia.portal import views
from wanjia.portal.tests.text import page_text, zh
from wanjia.portal.guard import SESSION_KEY, over_limit
from wanjia.portal.models import PortalSettings

HAS_REPAIRS = views.installed("wanjia.repairs.services")
HAS_CONNECTIONS = views.installed("wanjia.connections.services")
HAS_FEEDBACK = views.installed("wanjia.feedback.services")
needs_repairs = pytest.mark.skipif(not HAS_REPAIRS, reason="the repairs app has not been merged yet")

PAGES = ["/portal/", "/portal/report/", "/portal/track/", "/portal/outages/", "/portal/nearby/",
         "/portal/commitments/", "/portal/feedback/"]


def _settings(**values):
    config = PortalSettings.current()
    for name, value in values.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    return config


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_open_without_login_in_both_languages(client, tree, url):
    response = client.get(url)
    assert response.status_code == 200
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200 and 'lang="en"' in page_text(english)


def test_pages_of_missing_apps_say_the_service_is_not_available(client, tree, monkeypatch):
    monkeypatch.setattr(views, "installed", lambda module: False)
    for url in ["/portal/report/", "/portal/track/", "/portal/outages/", "/portal/feedback/"]:
        response = client.get(url)
        assert response.status_code == 200 and zh("此项服务暂未开通") in page_text(response)


def kind_section(page: str, kind: str) -> str:
    start = page.index(f'id="kind-{kind}"')
    end = page.find("<section", start)
    return page[start:end if end != -1 else None]


def test_commitments_are_read_from_the_active_policy(client, db):
    page = page_text(client.get("/portal/commitments/"))
    regulator = kind_section(page, "regulatory_maximum")
    assert zh("监管上限(每单不得超过)") in regulator and zh("不得超过的上限") in regulator
    assert zh("60 分钟") in regulator and zh("120 分钟") in regulator and zh("240 分钟") in regulator
    policy_set_activate(policy_set=PolicySet.objects.get(code="company-2023"))
    page = page_text(client.get("/portal/commitments/"))
    company = kind_section(page, "company_average")
    assert zh("企业承诺(平均值)") in company and zh("平均时间") in company
    assert zh("45 分钟") in company and zh("90 分钟") in company
    limit = PolicySet.objects.get(code="company-2023").repair_limits.get(area_type="urban")
    limit.arrival_minutes = 40
    limit.save()
    assert zh("40 分钟") in page_text(client.get("/portal/commitments/"))


def test_commitments_group_figures_by_kind_and_name_each_source(client, db):
    """Restoration targets and outage notices are the company's commitments, not the regulator's limits."""
    page = page_text(client.get("/portal/commitments/"))
    regulator = kind_section(page, "regulatory_maximum")
    company = kind_section(page, "company_average")
    local = kind_section(page, "local")
    assert zh("到达现场") in regulator and zh("恢复供电") not in regulator
    assert zh("计划检修停电提前公告") not in regulator and zh("客户投诉处理答复") in regulator
    assert zh("180 分钟") in company and zh("计划检修停电提前公告") in company
    assert zh("十项承诺") in company and zh("供电监管办法》(") in regulator
    assert zh("边远地区复电目标未见公开数字") in local
    # every figure prints its own source line
    assert regulator.count(zh("依据")) >= 4 and company.count(zh("依据")) >= 4


def test_nearby_lists_halls_and_physical_points_closest_first(client, tree):
    for county in (tree.a, tree.b):
        hall_services.hall_profile_save(unit=county.hall, counters=2, actor=None)
    kind = ChannelKind.objects.get
    payment_services.channel_save(kind=kind(code="bank"), name="甲县银行", unit=tree.a.station, latitude=25.05,
                                  longitude=100.05, actor=None)
    payment_services.channel_save(kind=kind(code="village_agent"), name="乙县代收点", unit=tree.b.station,
                                  latitude=26.06, longitude=100.06, actor=None)
    payment_services.channel_save(kind=kind(code="online_wallet"), name="网上钱包", unit=tree.b.unit, latitude=26.05,
                                  longitude=100.05, actor=None)
    # A community of county B's urban station is the picked place (it has no position: its station's counts).
    place = _place(tree.b.station, "石门社区")
    response = client.get("/portal/nearby/", {"county": tree.b.unit.code, "place": place.code})
    html = page_text(response)
    assert response.status_code == 200
    assert html.index(zh("乙县营业厅")) < html.index(zh("甲县营业厅"))
    assert html.index(zh("乙县代收点")) < html.index(zh("甲县银行"))
    assert zh("网上钱包") not in html
    by_phone = client.get("/portal/nearby/", {"latitude": 25.05, "longitude": 100.05})
    html = page_text(by_phone)
    assert html.index(zh("甲县营业厅")) < html.index(zh("乙县营业厅")) and "0.0 km" in html
    assert client.get("/portal/nearby/", {"latitude": 95, "longitude": 100}).status_code == 400


def _hall(tree):
    return hall_services.hall_profile_save(unit=tree.a.hall, counters=2, actor=None)


def test_rate_limit_per_address_on_public_forms(client, tree):
    _settings(ip_rate="2/h")
    hall = _hall(tree)
    url = f"/portal/rate/hall/{hall.evaluation_token}/"
    assert client.post(url, {"rating": Rating.SATISFIED}).status_code == 200
    assert client.post(url, {"rating": Rating.SATISFIED}).status_code == 200
    blocked = client.post(url, {"rating": Rating.SATISFIED})
    assert blocked.status_code == 429 and zh("过于频繁") in page_text(blocked)
    assert hall.visits.count() == 2
    assert client.post(url, {"rating": Rating.SATISFIED}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_rate_limit_per_phone_holds_across_addresses(db):
    _settings(ip_rate="100/h", phone_rate="2/h")
    factory = RequestFactory()
    results = [over_limit(factory.post("/", REMOTE_ADDR=f"10.0.0.{i}"), "report", phone="138-0000-1234")
               for i in range(3)]
    assert results == [False, False, True]
    # Another phone from the same addresses is not affected.
    assert not over_limit(factory.post("/", REMOTE_ADDR="10.0.0.1"), "report", phone="13900001234")


def test_lookups_are_limited_per_record_number_across_addresses(db):
    _settings(lookup_rate="3/h")
    factory = RequestFactory()
    tries = [over_limit(factory.post("/", REMOTE_ADDR=f"10.0.1.{i}"), "track", number="R2026") for i in range(4)]
    assert tries == [False, False, False, True]


def test_rates_are_validated_when_the_bureau_edits_them(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _settings(ip_rate="lots")


def test_challenge_when_switched_on(client, tree):
    _settings(challenge_enabled=True)
    hall = _hall(tree)
    url = f"/portal/rate/hall/{hall.evaluation_token}/"
    page = page_text(client.get(url))
    assert zh("等于几") in page
    answer = client.session[SESSION_KEY]
    wrong = client.post(url, {"rating": Rating.SATISFIED, "challenge": str(answer + 1)})
    assert wrong.status_code == 400 and zh("验证答案不对") in page_text(wrong)
    assert not hall.visits.exists()
    # The wrong answer used up the question; the page asked a new one.
    answer = client.session[SESSION_KEY]
    assert client.post(url, {"rating": Rating.SATISFIED, "challenge": str(answer)}).status_code == 200
    assert hall.visits.count() == 1
    # An answer is good once.
    assert client.post(url, {"rating": Rating.SATISFIED, "challenge": str(answer)}).status_code == 400


def _png(size=(8, 8)) -> bytes:
    """Random pixels, so the file is about as large as its pixel data (PNG cannot squeeze noise)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _category():
    from django.apps import apps

    return apps.get_model("repairs", "FaultCategory").objects.filter(is_active=True).first().code


def _report(client, tree, **extra):
    data = {"category": _category(), "description": "整条街停电", "phone": "13812345678", "caller_name": "张三",
            "latitude": tree.a.station.latitude, "longitude": tree.a.station.longitude, "address": "人民路12号"}
    data.update(extra)
    return client.post("/portal/report/", data)


@needs_repairs
def test_report_a_fault_and_follow_it_without_seeing_anything_personal(client, tree):
    response = _report(client, tree)
    assert response.status_code == 302
    done = page_text(client.get(response["Location"]))
    from django.apps import apps

    order = apps.get_model("repairs", "RepairOrder").objects.get()
    assert order.number in done and order.channel == views.REPAIR_CHANNEL and order.station == tree.a.station
    stranger = client.__class__()
    result = stranger.post("/portal/track/", {"number": order.number, "phone_last4": "5678"})
    html = page_text(result)
    assert result.status_code == 200 and order.number in html and "track-result" in html
    for private in (zh("张三"), "13812345678", "138****5678", zh("人民路12号")):
        assert private not in html
    wrong_digits = stranger.post("/portal/track/", {"number": order.number, "phone_last4": "0000"})
    unknown = stranger.post("/portal/track/", {"number": "NO-SUCH", "phone_last4": "5678"})
    assert wrong_digits.status_code == unknown.status_code == 404
    assert order.number not in page_text(wrong_digits).replace(f'value="{order.number}"', "")
    assert zh("没有找到") in page_text(wrong_digits) and zh("没有找到") in page_text(unknown)


@needs_repairs
def test_report_refuses_bad_input_and_keeps_nothing(client, tree):
    from django.apps import apps

    Order = apps.get_model("repairs", "RepairOrder")
    _settings(max_photos=2)
    photos = [SimpleUploadedFile(f"p{i}.png", _png(), content_type="image/png") for i in range(3)]
    too_many = _report(client, tree, photos=photos)
    assert too_many.status_code == 400 and zh("最多上传 2 张照片") in page_text(too_many)
    not_image = _report(client, tree, photos=[SimpleUploadedFile("x.png", b"not an image")])
    assert not_image.status_code == 400
    no_phone = _report(client, tree, phone="")
    assert no_phone.status_code == 400
    assert not Order.objects.exists()


@needs_repairs
def test_report_upload_size_limit(client, tree, settings):
    settings.WANJIA_MAX_UPLOAD_BYTES = 5000
    big = SimpleUploadedFile("big.png", _png((64, 64)), content_type="image/png")
    assert big.size > 5000
    response = _report(client, tree, photos=[big])
    assert response.status_code == 400 and "MB" in page_text(response)


@needs_repairs
def test_report_is_limited_per_phone(client, tree):
    _settings(phone_rate="1/h", ip_rate="100/h")
    assert _report(client, tree).status_code == 302
    assert _report(client, tree, REMOTE_ADDR="10.9.9.9").status_code == 429


@needs_repairs
def test_outages_page_lists_by_area(client, tree):
    response = client.get("/portal/outages/", {"area": tree.a.unit.code})
    assert response.status_code == 200 and zh("当前停电") in page_text(response)


@pytest.mark.skipif(not HAS_CONNECTIONS, reason="the connections app has not been merged yet")
def test_track_a_connection_application_without_personal_data(client, tree):
    from wanjia.connections.tests.factories import make_application

    application = make_application(tree.a, phone="13912345678")
    response = client.post("/portal/track/", {"number": application.number, "phone_last4": "5678"})
    html = page_text(response)
    assert response.status_code == 200 and application.number in html and "track-result" in html
    assert zh("供电方案答复") in html or zh("业务受理") in html
    for private in (zh("张三"), "13912345678", zh("测试路1号")):
        assert private not in html
    wrong = client.post("/portal/track/", {"number": application.number, "phone_last4": "1111"})
    assert wrong.status_code == 404 and "track-result" not in page_text(wrong)


@pytest.mark.skipif(not HAS_FEEDBACK, reason="the feedback app has not been merged yet")
def test_leave_an_opinion(client, tree):
    from django.apps import apps

    response = client.post("/portal/feedback/", {"content": "希望延长营业厅周末营业时间", "phone": "13900001111",
                                                 "area": tree.a.unit.code})
    assert response.status_code == 200 and zh("感谢") in page_text(response)
    item = apps.get_model("feedback", "FeedbackItem").objects.get()
    assert item.channel == views.FEEDBACK_CHANNEL
    assert client.post("/portal/feedback/", {"content": ""}).status_code == 400


def test_staff_side_is_not_reachable_from_the_portal(client, tree):
    customer = make_customer(tree.a, name="李四")
    assert client.get(f"/customers/{customer.pk}/").status_code == 302  # to the login page
    assert client.get("/halls/").status_code == 302
    client.force_login(tree.a.users[Role.COUNTER])
    assert client.get("/portal/").status_code == 200


def test_receipt_has_a_copy_button_and_a_tracking_link(client, tree):
    session = client.session
    session["portal_reported"] = "TAS1-20261118-0001"
    session.save()
    html = client.get("/portal/report/done/").content.decode()
    assert 'data-copy="TAS1-20261118-0001"' in html
    assert 'id="track-link" href="/portal/track/?number=TAS1-20261118-0001"' in html


def _place(station, name, **fields):
    from django.apps import apps

    PlaceName = apps.get_model("repairs", "PlaceName")
    return PlaceName.objects.create(name=name, code=f"pl{PlaceName.objects.count() + 1}", station=station,
                                    kind=fields.pop("kind", "village"), **fields)


@needs_repairs
def test_the_place_picker_lists_the_chosen_countys_villages_and_communities_only(client, tree):
    _place(tree.a.rural_station, "上寨村")
    _place(tree.a.station, "人民路社区", kind="community")
    _place(tree.a.station, "甲县城关", kind="town")  # a town matches addresses; the public picks villages
    _place(tree.b.rural_station, "石门村")
    picker = page_text(client.get("/portal/places/", {"county": tree.a.unit.code}))
    assert zh("上寨村") in picker and zh("人民路社区") in picker
    assert zh("石门村") not in picker and zh("甲县城关") not in picker
    assert page_text(client.get("/portal/places/", {"county": tree.b.unit.code})).count("<option") == 2
    # Before a county is chosen the picker lists nothing but the prompt.
    form = page_text(client.get("/portal/report/"))
    assert zh("上寨村") not in form and zh("石门村") not in form and 'hx-get="/portal/places/"' in form


@needs_repairs
def test_a_picked_village_routes_the_report_to_its_station(client, tree):
    from django.apps import apps

    village = _place(tree.a.remote_station, "上寨村", latitude=25.02, longitude=100.21)
    response = _report(client, tree, latitude="", longitude="", county=tree.a.unit.code, place=village.code)
    assert response.status_code == 302
    order = apps.get_model("repairs", "RepairOrder").objects.get()
    assert order.station == tree.a.remote_station and (order.latitude, order.longitude) == (25.02, 100.21)


@needs_repairs
def test_a_place_of_another_county_is_refused_with_a_clear_error(client, tree):
    from django.apps import apps

    _place(tree.a.station, "上寨村")
    theirs = _place(tree.b.station, "石门村")
    response = _report(client, tree, latitude="", longitude="", county=tree.a.unit.code, place=theirs.code)
    html = page_text(response)
    assert response.status_code == 400 and zh("所选村或社区不在所选的县内") in html
    # The form comes back with the chosen county's places to pick from.
    assert zh("上寨村") in html and not apps.get_model("repairs", "RepairOrder").objects.exists()
    no_county = _report(client, tree, latitude="", longitude="", place=theirs.code)
    assert no_county.status_code == 400 and zh("请先选择所在县") in page_text(no_county)
