"""The home page answers "what must I do now" for each role, inside the user's scope."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.org.models import Role
from wanjia.outreach.services import hazard_raise
from wanjia.repairs.tests.helpers import intake

pytestmark = pytest.mark.django_db


def test_a_crew_members_home_is_their_orders_page(client, tree):
    client.force_login(tree.a.users[Role.CREW])
    assert client.get("/").url == "/repairs/crew/"


def test_dispatcher_home_lists_overdue_orders_of_their_county_only(client, tree):
    late = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(hours=5))
    other = intake(make_customer(tree.b), received_at=timezone.now() - dt.timedelta(hours=5))
    client.force_login(tree.a.users[Role.DISPATCHER])
    page = client.get("/").content.decode()
    assert "超时的抢修工单" in page and "待派工的抢修工单" in page
    assert late.number in page and other.number not in page
    assert "超时" in page and "小时" in page  # time over the limit in words, not only a clock time


def test_hazard_owner_sees_what_to_rectify_and_secretary_what_to_verify(client, tree):
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    today = timezone.localdate()
    hazard = hazard_raise(unit=tree.a.station, description="台区箱门锈蚀", severity="general", side="utility",
                          found_on=today - dt.timedelta(days=9), actor=secretary, owner=tree.a.users[Role.COUNTER],
                          deadline=today - dt.timedelta(days=2), measures="更换箱门")
    client.force_login(tree.a.users[Role.COUNTER])
    page = client.get("/").content.decode()
    assert "待我整改的隐患" in page and hazard.number in page and "超期 2 天" in page
    client.force_login(secretary)
    page = client.get("/").content.decode()
    assert "逾期未整改的隐患" in page and hazard.number in page
    client.force_login(tree.b.users[Role.BRANCH_SECRETARY])
    page = client.get("/").content.decode()
    assert hazard.number not in page and 'id="todo-empty"' in page
