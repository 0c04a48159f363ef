import datetime as dt

from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.notifications.models import Notification
from wanjia.org.models import Role
from wanjia.repairs import tick
from wanjia.repairs.tests.helpers import intake


def test_escalates_at_risk_to_dispatcher_then_overdue_to_manager_once(tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=50))
    intake(make_customer(tree.a))  # fresh: on time, nobody told
    now = timezone.now()
    assert tick.run(now)["at_risk"] == 1
    assert tick.run(now)["at_risk"] == 0  # dedupe: same check twice notifies once
    dispatcher, manager = tree.a.users[Role.DISPATCHER], tree.a.users[Role.MANAGER]
    assert list(Notification.objects.values_list("recipient", "kind")) == [(dispatcher.pk, "repair.at_risk")]
    later = order.arrival_due + dt.timedelta(minutes=1)
    result = tick.run(later)
    assert result["overdue"] == 2
    overdue = Notification.objects.filter(kind="repair.overdue")
    assert {n.recipient_id for n in overdue} == {dispatcher.pk, manager.pk}
    assert all("sms" in n.channels for n in overdue)
    assert tick.run(later)["overdue"] == 0
    assert not Notification.objects.filter(recipient=tree.b.users[Role.DISPATCHER]).exists()
