"""The order page offers only what the order's state allows, each action with its own labelled field, asks
before cancelling, and shows time limits in words and codes by their labels."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.org.models import Role
from wanjia.repairs.services import order_arrive, order_dispatch
from wanjia.repairs.tests.helpers import crew_for, intake

pytestmark = pytest.mark.django_db


def _page(client, user, order) -> str:
    client.force_login(user)
    return client.get(f"/repairs/orders/{order.pk}/").content.decode()


def test_received_order_offers_dispatch_and_a_confirmed_cancel_not_restore(client, tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=10))
    page = _page(client, tree.a.users[Role.DISPATCHER], order)
    assert 'for="dispatch-crew"' in page and "/dispatch/" in page
    assert "/restore/" not in page and "/close/" not in page and "/callback/" not in page
    assert 'for="cancel-note"' in page and 'for="customer-side-note"' in page  # one reason box each
    assert "data-confirm=" in page
    assert "(城区)" in page and "(urban)" not in page
    assert "还剩" in page and "分钟" in page


def test_arrived_order_offers_restore_with_a_labelled_result(client, tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=30))
    order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    order_arrive(order=order, actor=tree.a.users[Role.CREW])
    page = _page(client, tree.a.users[Role.DISPATCHER], order)
    assert 'for="restore-resolution"' in page
    assert "/dispatch/" not in page and "/cancel/" not in page


def test_auditor_sees_no_actions(client, tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=10))
    assert 'id="order-actions"' not in _page(client, tree.a.users[Role.AUDITOR], order)
