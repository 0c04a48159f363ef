"""Cross-cutting pieces: the error envelope, idempotent intake, uploads, exports, station lookup, phone
masking, notifications, the demo command and the pages every user opens first."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook
from PIL import Image

from wanjia.core.errors import DomainError
from wanjia.core.idempotency import run_idempotent
from wanjia.core.models import IdempotencyKey
from wanjia.core.testing import api_client, make_customer
from wanjia.core.uploads import validate_document, validate_image
from wanjia.customers.models import Customer, mask_phone, phone_for
from wanjia.notifications.backends import MemorySmsBackend
from wanjia.notifications.models import Notification
from wanjia.notifications.services import managers_above, notify, notify_phone
from wanjia.org.models import Role, Unit
from wanjia.org.services import station_for_location


def test_validation_errors_come_back_as_400_with_field_messages(tree):
    client = api_client(tree.a.users[Role.COUNTER])
    response = client.post("/api/v1/customers/customers/", {"account_number": "", "customer_class": "x",
                                                            "station": tree.a.station.code}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"account_number", "customer_class", "name", "address"} <= set(body["fields"])
    assert not Customer.objects.exists()


def test_english_messages_when_the_client_asks_for_english(tree):
    client = api_client(tree.a.users[Role.COUNTER])
    response = client.post("/api/v1/customers/customers/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["fields"]["account_number"] == ["This field is required."]


def test_read_only_user_cannot_write_through_the_api(tree):
    customer = make_customer(tree.a)
    client = api_client(tree.a.users[Role.AUDITOR])
    assert client.get(f"/api/v1/customers/customers/{customer.pk}/").status_code == 200
    assert client.patch(f"/api/v1/customers/customers/{customer.pk}/", {"name": "x"}, format="json").status_code == 403


def test_unauthenticated_api_is_refused(tree):
    assert api_client(None).get("/api/v1/customers/customers/").status_code in (401, 403)


@pytest.mark.django_db
def test_idempotent_run_replays_and_refuses_a_changed_payload():
    calls = []

    def create():
        calls.append(1)
        return 201, {"id": len(calls)}

    first = run_idempotent(key="k1", client="user:1", endpoint="e", payload={"a": 1}, create=create)
    again = run_idempotent(key="k1", client="user:1", endpoint="e", payload={"a": 1}, create=create)
    assert first == (201, {"id": 1}, False) and again == (201, {"id": 1}, True) and len(calls) == 1
    with pytest.raises(DomainError) as exc:
        run_idempotent(key="k1", client="user:1", endpoint="e", payload={"a": 2}, create=create)
    assert exc.value.code == "idempotency_conflict"
    # Another client may use the same key.
    assert run_idempotent(key="k1", client="user:2", endpoint="e", payload={"a": 1}, create=create)[2] is False


@pytest.mark.django_db
def test_a_failed_create_leaves_no_key_behind():
    def boom():
        raise ValidationError({"phone": "required"})

    with pytest.raises(ValidationError):
        run_idempotent(key="k2", client="c", endpoint="e", payload={}, create=boom)
    assert not IdempotencyKey.objects.exists()


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_uploads_are_checked_by_content_and_size(settings):
    validate_image(SimpleUploadedFile("a.png", _png()))
    with pytest.raises(ValidationError, match="只接受"):
        validate_image(SimpleUploadedFile("a.png", b"not an image"))
    settings.WANJIA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="文件过大"):
        validate_image(SimpleUploadedFile("a.png", _png()))
    settings.WANJIA_MAX_UPLOAD_BYTES = 10_000
    validate_document(SimpleUploadedFile("a.pdf", b"%PDF-1.4 ..."))
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("a.pdf", b"MZ..."))
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("a.exe", b"%PDF-"))


def test_excel_export_has_chinese_headers_and_typed_cells(client, tree):
    make_customer(tree.a, name="导出客户", latitude=25.123456, longitude=100.5)
    client.force_login(tree.a.users[Role.MANAGER])
    response = client.get("/customers/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("户号", "户名", "客户类别")
    assert rows[1][1] == "导出客户" and rows[1][rows[0].index("纬度")] == pytest.approx(25.123456)
    assert len(rows) == 2


def test_station_for_location(tree):
    assert station_for_location(25.05, 100.05) == tree.a.station
    assert station_for_location(25.05, 100.15) == tree.a.rural_station
    assert station_for_location(26.05, 100.25) == tree.b.remote_station
    assert station_for_location(40.0, 116.0) is None


def test_phone_is_masked_for_roles_that_do_not_need_it(tree):
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0871-1234567") == "0871-***4567"
    assert mask_phone("12345") == "*2345"
    assert phone_for(tree.a.users[Role.DISPATCHER], "13812345678") == "13812345678"
    assert phone_for(tree.a.users[Role.AUDITOR], "13812345678") == "138****5678"
    assert phone_for(tree.a.users[Role.BRANCH_SECRETARY], "13812345678") == "138****5678"
    customer = make_customer(tree.a, phone="13912345678")
    body = api_client(tree.a.users[Role.AUDITOR]).get(f"/api/v1/customers/customers/{customer.pk}/").json()
    assert body["phone"] == "139****5678"


def test_notifications_are_deduplicated_and_sms_goes_out_on_commit(tree, django_capture_on_commit_callbacks):
    manager = tree.a.users[Role.MANAGER]
    manager.mobile = "13900000000"
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[manager], kind="test", subject="超时", dedupe_key="order-1", channels=["sms"])
        notify(recipients=[manager], kind="test", subject="超时", dedupe_key="order-1", channels=["sms"])
        notify_phone(phone="13800000000", kind="test", text="停电通知", dedupe_key="p-1")
        notify_phone(phone="13800000000", kind="test", text="停电通知", dedupe_key="p-1")
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert MemorySmsBackend.outbox == [("13900000000", "超时"), ("13800000000", "停电通知")]


def test_rolled_back_action_sends_nothing(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[tree.a.users[Role.MANAGER]], kind="t", subject="x", channels=["sms"])
            raise RuntimeError
    assert not Notification.objects.exists() and MemorySmsBackend.outbox == []


def test_managers_above_walks_up_the_tree(tree):
    assert managers_above(tree.a.station) == [tree.a.users[Role.MANAGER]]


def test_login_home_and_language_switch(client, tree):
    assert client.get("/").status_code == 302
    response = client.post("/accounts/login/", {"username": "ta-dispatcher", "password": "test-pass-123"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "甲县" in page and "客户档案" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_api_schema_and_docs_work_offline(client, tree):
    client.force_login(tree.admin)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/customers/customers/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "swagger-ui" in docs


@pytest.mark.django_db
def test_demo_builds_the_whole_organisation_deterministically(capsys):
    call_command("demo", "--scale", "400", "--only-foundation")
    assert Unit.objects.filter(kind="province").count() == 1
    assert Unit.objects.filter(kind="prefecture").count() == 9
    assert Unit.objects.filter(kind="county").count() == 86
    assert Unit.objects.filter(kind="station").count() == 344
    assert Customer.objects.count() == 400
    classes = set(Customer.objects.values_list("customer_class", flat=True))
    assert classes == {"resident", "lv_non_resident", "hv_single", "hv_dual"}
    categories = set(Customer.objects.values_list("walk_in_category", flat=True))
    assert {"village", "community", "school", "hospital", "enterprise"} <= categories
    out = capsys.readouterr().out
    assert "p010101.dispatcher" in out and "wanjia-demo" in out
    first = list(Customer.objects.order_by("account_number").values_list("name", "phone")[:5])
    call_command("demo", "--scale", "400")  # already present: nothing done
    assert Customer.objects.count() == 400
    assert first == list(Customer.objects.order_by("account_number").values_list("name", "phone")[:5])


@pytest.mark.django_db
def test_pages_speak_simplified_chinese_by_default_and_english_on_request(client):
    page = client.get("/accounts/login/").content.decode()
    assert "登录万家" in page
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in to Wanjia" in english
