"""The stage map, the checklist and the capacity ceilings are data; these check what the seed says and that
the services read it rather than constants."""
from decimal import Decimal

import pytest

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections.models import ApplicationType, CapacityRule, StageRule
from wanjia.connections.services import capacity_check, stage_map
from wanjia.connections.tests.factories import shows
from wanjia.core.errors import DomainError
from wanjia.customers.models import CustomerClass as C

pytestmark = pytest.mark.django_db
FULL = [S.ACCEPTANCE, S.SUPPLY_PLAN, S.DESIGN_REVIEW, S.INTERMEDIATE_INSPECTION, S.COMPLETION_INSPECTION,
        S.METERING, S.ARCHIVED]
SHORT = [S.ACCEPTANCE, S.SUPPLY_PLAN, S.COMPLETION_INSPECTION, S.METERING, S.ARCHIVED]


@pytest.mark.parametrize("app_type", ApplicationType.values)
def test_residents_skip_design_review_and_intermediate_inspection(app_type):
    assert stage_map(C.RESIDENT, app_type, Decimal(10)) == SHORT


def test_small_low_voltage_skips_design_stages_large_does_not():
    assert stage_map(C.LV_NON_RESIDENT, ApplicationType.NEW, Decimal(100)) == SHORT
    assert stage_map(C.LV_NON_RESIDENT, ApplicationType.NEW, Decimal("100.1")) == FULL


@pytest.mark.parametrize("cls", [C.HV_SINGLE, C.HV_DUAL])
def test_high_voltage_passes_every_stage(cls):
    assert stage_map(cls, ApplicationType.NEW, Decimal(5000)) == FULL


def test_stage_map_follows_the_data():
    StageRule.objects.filter(customer_class=C.HV_SINGLE, application_type=ApplicationType.TEMPORARY,
                             stage=S.INTERMEDIATE_INSPECTION).delete()
    assert S.INTERMEDIATE_INSPECTION not in stage_map(C.HV_SINGLE, ApplicationType.TEMPORARY, Decimal(500))
    assert S.INTERMEDIATE_INSPECTION in stage_map(C.HV_SINGLE, ApplicationType.NEW, Decimal(500))


def test_every_seeded_rule_names_its_source():
    assert not StageRule.objects.filter(source="").exists()
    assert not CapacityRule.objects.filter(source="").exists()


@pytest.mark.parametrize("value", [0, -5, "abc", "NaN"])
def test_capacity_must_be_a_positive_number(value):
    with pytest.raises(DomainError) as info:
        capacity_check(C.RESIDENT, value)
    assert info.value.field == "requested_kva"


def test_resident_above_ceiling_is_refused_with_the_reason():
    ceiling = CapacityRule.objects.get(customer_class=C.RESIDENT).max_kva
    assert capacity_check(C.RESIDENT, ceiling) == ceiling
    with pytest.raises(DomainError) as info:
        capacity_check(C.RESIDENT, ceiling + 1)
    assert shows(info.value.message, "居民", "50", "本单位规定")
    assert capacity_check(C.HV_SINGLE, 100000) == 100000
