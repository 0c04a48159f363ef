"""The customer pickers search on the server: only the user's scope, at most 20, phone numbers as the user may
read them (searched by number only for the roles that take calls), and stored text handed back as data."""
import pytest
from django.urls import reverse

from wanjia.core.testing import make_customer, page_client
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db
HOSTILE = '<img src=x onerror="alert(1)">王五'


def _pick(user, q):
    response = page_client(user).get(reverse("customers:pick"), {"q": q})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_finds_by_account_start_and_name_in_the_users_scope_only(tree):
    mine = make_customer(tree.a, name="张三丰")
    theirs = make_customer(tree.b, name="张三丰")
    dispatcher = tree.a.users[Role.DISPATCHER]
    assert [r["value"] for r in _pick(dispatcher, "张三")] == [mine.account_number]
    assert [r["value"] for r in _pick(dispatcher, mine.account_number[:-2])] == [mine.account_number]
    assert _pick(dispatcher, theirs.account_number) == []
    found = _pick(dispatcher, "张三")[0]
    assert found["name"] == "张三丰" and found["station"] == tree.a.station.name and found["address"] == mine.address
    assert _pick(dispatcher, "   ") == []


def test_at_most_twenty(tree):
    for i in range(25):
        make_customer(tree.a, name=f"李四{i}")
    assert len(_pick(tree.a.users[Role.COUNTER], "李四")) == 20


def test_phone_masked_and_searched_by_number_only_where_the_role_takes_calls(tree):
    customer = make_customer(tree.a, name="赵六", phone="13812345678")
    assert _pick(tree.a.users[Role.DISPATCHER], "赵六")[0]["phone"] == "13812345678"
    assert _pick(tree.a.users[Role.BRANCH_SECRETARY], "赵六")[0]["phone"] == "138****5678"
    assert [r["value"] for r in _pick(tree.a.users[Role.COUNTER], "13812345678")] == [customer.account_number]
    # A number the secretary reads masked cannot be turned back into a match.
    assert _pick(tree.a.users[Role.BRANCH_SECRETARY], "13812345678") == []


def test_stored_text_comes_back_as_plain_data(tree):
    make_customer(tree.a, name=HOSTILE)
    response = page_client(tree.a.users[Role.DISPATCHER]).get(reverse("customers:pick"), {"q": "王五"})
    assert response.json()["results"][0]["name"] == HOSTILE  # JSON, escaped by the picker where it draws it
    assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed into markup


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(reverse("customers:pick"), {"q": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]
