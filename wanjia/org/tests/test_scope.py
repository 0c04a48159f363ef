"""The scope rule: a user sees and changes only their own unit's subtree; sibling counties see nothing of
each other, through the UI, the API and the queryset alike."""
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wanjia.core.testing import api_client, make_customer, make_user
from wanjia.customers.models import Customer
from wanjia.org.models import Role, Unit
from wanjia.org.scoping import ensure_in_scope


def test_subtree_is_one_query_at_any_depth(tree):
    with CaptureQueriesContext(connection) as ctx:
        units = list(tree.province.subtree().values_list("code", flat=True))
    assert len(ctx.captured_queries) == 1
    assert {"T", "T1", "TA", "TAS1", "TAH", "TB", "TBS3"} <= set(units)
    assert set(tree.a.unit.subtree().values_list("code", flat=True)) == {"TA", "TAS1", "TAS2", "TAS3", "TAH"}


def test_sibling_counties_do_not_see_each_other(tree):
    mine = make_customer(tree.a)
    theirs = make_customer(tree.b)
    user_a = tree.a.users[Role.COUNTER]
    assert list(Customer.objects.restrict(user_a)) == [mine]
    assert list(Customer.objects.restrict(tree.b.users[Role.COUNTER])) == [theirs]
    assert set(Customer.objects.restrict(tree.province_manager)) == {mine, theirs}
    assert set(Unit.objects.restrict(user_a).values_list("code", flat=True)) == {"TA", "TAS1", "TAS2", "TAS3", "TAH"}


def test_no_unit_and_anonymous_see_nothing(tree):
    make_customer(tree.a)
    from django.contrib.auth.models import AnonymousUser

    assert not Customer.objects.restrict(AnonymousUser()).exists()
    assert not Customer.objects.restrict(make_user("orphan", None, Role.MANAGER)).exists()


def test_read_only_user_may_view_but_not_change(tree):
    customer = make_customer(tree.a)
    auditor = tree.a.users[Role.AUDITOR]
    assert list(Customer.objects.restrict(auditor)) == [customer]
    assert not Customer.objects.restrict(auditor, "change").exists()
    with pytest.raises(PermissionDenied):
        ensure_in_scope(auditor, customer)


def test_api_list_detail_and_write_are_scoped(tree):
    mine = make_customer(tree.a)
    theirs = make_customer(tree.b)
    client = api_client(tree.a.users[Role.COUNTER])
    listed = client.get("/api/v1/customers/customers/").json()
    assert [c["account_number"] for c in listed["results"]] == [mine.account_number]
    assert client.get(f"/api/v1/customers/customers/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/customers/customers/{theirs.pk}/", {"name": "x"}, format="json").status_code == 404
    # Moving one's own customer into the other county is refused, and nothing changes.
    response = client.patch(f"/api/v1/customers/customers/{mine.pk}/", {"station": tree.b.station.code,
                                                                       "feeder": None, "transformer": None},
                            format="json")
    assert response.status_code == 400 and "station" in response.json()["fields"]  # like a station that is not there
    mine.refresh_from_db()
    assert mine.station == tree.a.station


def test_ui_list_and_detail_are_scoped(client, tree):
    mine = make_customer(tree.a, name="甲县客户")
    theirs = make_customer(tree.b, name="乙县客户")
    client.force_login(tree.a.users[Role.COUNTER])
    page = client.get("/customers/").content.decode()
    assert "甲县客户" in page and "乙县客户" not in page
    assert client.get(f"/customers/{mine.pk}/").status_code == 200
    assert client.get(f"/customers/{theirs.pk}/").status_code == 404


def test_unit_api_and_tree_page_show_only_the_subtree(client, tree):
    user = tree.a.users[Role.MANAGER]
    make_customer(tree.a)
    codes = {u["code"] for u in api_client(user).get("/api/v1/org/units/?limit=100").json()["results"]}
    assert codes == {"TA", "TAS1", "TAS2", "TAS3", "TAH"}
    detail = api_client(user).get("/api/v1/org/units/TAS1/").json()
    assert detail["parent"] == "TA" and detail["area_type"] == "urban"
    assert api_client(user).get("/api/v1/org/units/TBS1/").status_code == 404
    client.force_login(user)
    page = client.get("/org/").content.decode()
    assert "甲县" in page and "乙县" not in page
