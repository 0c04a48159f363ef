"""The green channel's internal targets are policy data: every shipped set has them, each stricter than the
set's own limit and labelled as the bureau's rule with its source; an administrator cannot enter a target
that is not stricter, and a changed target is in force for the next order at once."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wanjia.commitments.models import (ConnectionStageLimit, GreenRepairTarget, GreenStageTarget, PolicyKind,
                                       PolicySet)
from wanjia.core.testing import make_customer
from wanjia.customers.models import GreenChannelKind

pytestmark = pytest.mark.django_db


def test_every_set_has_stricter_targets_with_their_source():
    for policy in PolicySet.objects.all():
        limits = {row.area_type: row for row in policy.repair_limits.all()}
        targets = list(policy.green_repair_targets.all())
        assert {t.area_type for t in targets} == set(limits), policy.code
        for t in targets:
            assert t.arrival_minutes < limits[t.area_type].arrival_minutes
            assert t.restoration_minutes < limits[t.area_type].restoration_minutes
            assert t.kind == PolicyKind.LOCAL and "本单位规定" in t.source and "示例" in t.source
        stage_limits = {(r.stage, r.customer_class): r.working_days for r in policy.connection_limits.all()}
        for t in policy.green_stage_targets.all():
            assert t.working_days < stage_limits[(t.stage, t.customer_class)] and t.kind == PolicyKind.LOCAL
        assert policy.green_stage_targets.count() == sum(1 for d in stage_limits.values() if d > 1)


def test_a_target_must_be_stricter_than_the_limit():
    policy = PolicySet.objects.get(is_active=True)
    target = GreenRepairTarget.objects.get(policy_set=policy, area_type="urban")
    target.arrival_minutes = 60  # the urban limit itself
    with pytest.raises(ValidationError) as err:
        target.full_clean()
    assert "arrival_minutes" in err.value.message_dict
    limit = ConnectionStageLimit.objects.get(policy_set=policy, stage="supply_plan", customer_class="resident")
    stage = GreenStageTarget(policy_set=policy, stage="supply_plan", customer_class="resident",
                             working_days=limit.working_days, source="x")
    with pytest.raises(ValidationError) as err:
        stage.full_clean()
    assert "working_days" in err.value.message_dict


def test_a_changed_target_applies_to_the_next_order(tree):
    from wanjia.repairs.tests.helpers import intake

    customer = make_customer(tree.a, green_channel=GreenChannelKind.objects.get(code="hospital"))
    first = intake(customer)
    assert first.target_arrival_due - first.received_at == dt.timedelta(minutes=30)
    target = GreenRepairTarget.objects.get(policy_set__is_active=True, area_type="urban")
    target.arrival_minutes = 20
    target.save()  # as the admin does: the cached policy set is forgotten at once in this process
    second = intake(customer)
    assert second.target_arrival_due - second.received_at == dt.timedelta(minutes=20)
    assert first.target_arrival_due - first.received_at == dt.timedelta(minutes=30)  # kept as received
