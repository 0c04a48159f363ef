"""The unit tree page: a nested list that folds, each unit with the counts of everything under it, computed
in a fixed number of queries whatever the tree's size."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wanjia.core import hostile
from wanjia.core.testing import make_customer, make_user
from wanjia.org.models import Role, Unit
from wanjia.repairs.tests.helpers import intake


@pytest.fixture
def counted(tree):
    """County A: two customers of the urban station, one of the rural, one open order; county B: one customer."""
    make_customer(tree.a)
    intake(make_customer(tree.a))
    make_customer(tree.a, station=tree.a.rural_station)
    make_customer(tree.b)
    make_user("retired", tree.a.station, Role.CREW, is_active=False)
    return tree


def _summaries(page: str) -> dict[str, str]:
    """Each unit's line (name → its text without tags), by the data-code of its list item."""
    lines = {}
    for code, body in re.findall(r'<li data-name="[^"]*" data-code="([^"]+)">(.*?)(?:<ul>|</li>)', page, re.S):
        lines[code] = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    return lines


def test_each_unit_shows_the_counts_of_its_subtree(client, counted):
    tree = counted
    client.force_login(tree.province_manager)
    page = client.get("/org/").content.decode()
    lines = _summaries(page)
    # Province: 6 stations, 2 halls, 12 county staff + the manager and the administrator, 4 customers, 1 open order
    assert "6 个供电所" in lines["T"] and "2 个营业厅" in lines["T"] and "14 名人员" in lines["T"]
    assert "4 户客户" in lines["T"] and "1 张在办抢修工单" in lines["T"]
    assert "3 户客户" in lines["TA"] and "1 张在办抢修工单" in lines["TA"] and "6 名人员" in lines["TA"]
    assert "1 户客户" in lines["TB"] and "工单" not in lines["TB"]
    assert "2 户客户" in lines["TAS1"] and "1 户客户" in lines["TAS2"] and "人员" not in lines["TAS1"]  # retired
    # A tree this small starts unfolded; stations and halls are leaves.
    assert 'data-code="TA"><details open>' in page
    assert '<li data-name="甲县城区供电所" data-code="TAS1"><div class="unit-leaf">' in page
    assert page.count("<details") == page.count("</details>") == 4
    assert 'id="unit-filter"' in page and "org/tree.js" in page


def test_a_big_tree_starts_with_the_levels_that_show_few_units(client, counted, monkeypatch):
    from wanjia.org import views

    monkeypatch.setattr(views, "SHOWN_AT_FIRST", 5)  # the counties' 8 stations and halls would be too many
    client.force_login(counted.province_manager)
    page = client.get("/org/").content.decode()
    assert 'data-code="T1"><details open>' in page and 'data-code="TA"><details>' in page


def test_counts_take_the_same_few_queries_however_big_the_tree(client, counted):
    from wanjia.org.services import unit_create

    tree = counted
    client.force_login(tree.province_manager)
    client.get("/org/")
    with CaptureQueriesContext(connection) as small:
        client.get("/org/")
    for i in range(5):
        unit_create(parent=tree.prefecture, code=f"TX{i}", name=f"县{i}", kind="county")
    with CaptureQueriesContext(connection) as big:
        assert client.get("/org/").status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_open_orders_are_counted_only_for_those_who_read_orders(client, counted):
    client.force_login(counted.a.users[Role.BRANCH_SECRETARY])
    page = client.get("/org/").content.decode()
    assert "户客户" in page and "工单" not in page


def test_a_hostile_unit_name_stays_text(client, counted):
    Unit.objects.filter(pk=counted.a.station.pk).update(name=hostile.TAG)
    client.force_login(counted.a.users[Role.MANAGER])
    page = client.get("/org/").content.decode()
    assert hostile.TAG not in page and "&gt;&lt;img src=x onerror=alert(1)&gt;" in page
