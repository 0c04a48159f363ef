import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wanjia.campaign import scoring, services
from wanjia.campaign.models import ScorecardItem
from wanjia.campaign.selectors import pairing_coverage, quarter_start
from wanjia.core.errors import DomainError
from wanjia.core.testing import make_customer
from wanjia.org.models import Role


@pytest.fixture
def pairs(tree):
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    today = timezone.localdate()
    branch = services.branch_create(unit=tree.a.station, name="城关供电所党支部", actor=secretary,
                                    members=["王强", "李娜", "赵敏"])
    lonely = services.branch_create(unit=tree.a.rural_station, name="西乡供电所党支部", actor=secretary)
    wang, li, _zhao = branch.members.order_by("name")
    c1, c2 = make_customer(tree.a), make_customer(tree.a)
    start = quarter_start(today)
    p1 = services.pairing_create(branch=branch, customer=c1, actor=secretary, started_on=start, member=wang)
    p2 = services.pairing_create(branch=branch, customer=c2, actor=secretary, started_on=start, member=li)
    services.pairing_visit_record(pairing=p1, date=today, content="上门检查室内线路", actor=secretary)
    return tree, branch, lonely, p1, p2


def test_pairing_coverage_counts_gaps(pairs):
    tree, branch, lonely, p1, p2 = pairs
    cov = pairing_coverage(unit=tree.a.unit, today=timezone.localdate())
    assert (cov["branches"], cov["members"], cov["pairings"]) == (2, 3, 2)
    assert cov["unpaired_branches"] == [lonely]
    assert [m.name for m in cov["unpaired_members"]] == ["赵敏"]
    assert cov["unvisited_pairings"] == [p2]
    assert cov["visited_share"] == 0.5
    assert pairing_coverage(unit=tree.b.unit, today=timezone.localdate())["branches"] == 0


def test_pairing_bad_input(pairs):
    tree, branch, lonely, p1, p2 = pairs
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    with pytest.raises(DomainError) as err:
        services.pairing_create(branch=branch, customer=p1.customer, member=p1.member, actor=secretary,
                                started_on=timezone.localdate())
    assert err.value.field == "customer"
    with pytest.raises(DomainError) as err:
        services.pairing_create(branch=lonely, customer=p1.customer, member=p1.member, actor=secretary,
                                started_on=timezone.localdate())
    assert err.value.field in ("member", "customer")
    with pytest.raises(DomainError) as err:
        services.pairing_visit_record(pairing=p1, date=timezone.localdate() + dt.timedelta(days=1), content="x",
                                      actor=secretary)
    assert err.value.field == "date"


def test_scorecard_from_data_and_assessment(pairs, monkeypatch):
    tree, branch, lonely, p1, p2 = pairs
    month = timezone.localdate()
    # Another app's source (e.g. repairs) found through the same discovery: 90% on time in county A.
    fake = {**scoring.sources(), "repair_response": lambda unit, s, e: 0.9 if unit.path.startswith(
        tree.a.unit.path) else None}
    monkeypatch.setattr(scoring, "sources", lambda: fake)
    assessor = tree.province_manager
    hall_item = ScorecardItem.objects.get(code="hall_facilities")
    services.assessment_record(unit=tree.a.unit, month=month, item=hall_item, score=Decimal("8.5"),
                               evidence="营业厅自助终端1台故障", actor=assessor)
    card = scoring.unit_card(tree.a.unit, month)
    by_code = {s.item.code: s for s in card.scores}
    # 1 of 2 branches + 2 of 3 members paired = 3/5
    assert by_code["branch_pairing"].score == 6.0 and by_code["branch_pairing"].basis == "data"
    assert by_code["member_visits"].score == 5.0  # 1 of 2 pairings visited this month
    assert by_code["repair_response"].score == 9.0 and "90.0%" in by_code["repair_response"].evidence
    assert by_code["hall_facilities"].score == 8.5 and "自助终端" in by_code["hall_facilities"].evidence
    # County A has a counter clerk and no skill check: measured, 0 of 1 qualified, no evaluations.
    assert by_code["counter_service"].basis == "data" and by_code["counter_service"].score == 0
    assert by_code["convenience_services"].basis == "none"
    assert card.total == 28.5
    ranked = scoring.ranking([tree.b.unit, tree.a.unit], month)
    assert [c.unit for c in ranked] == [tree.a.unit, tree.b.unit]
    assert ranked[1].total == 0


def test_assessment_rules(tree):
    item = ScorecardItem.objects.get(code="convenience_services")  # no connection this month: no data
    month = timezone.localdate()
    with pytest.raises(DomainError) as err:
        services.assessment_record(unit=tree.a.unit, month=month, item=item, score=11, evidence="x",
                                   actor=tree.province_manager)
    assert err.value.field == "score"
    with pytest.raises(DomainError) as err:  # a unit does not score itself
        services.assessment_record(unit=tree.a.unit, month=month, item=item, score=5, evidence="x",
                                   actor=tree.a.users[Role.MANAGER])
    assert err.value.field == "unit"
    with pytest.raises(DomainError) as err:
        services.assessment_record(unit=tree.a.unit, month=month, item=item, score=5, evidence=" ",
                                   actor=tree.province_manager)
    assert err.value.field == "evidence"
    a = services.assessment_record(unit=tree.a.unit, month=month, item=item, score=5, evidence="暗访",
                                   actor=tree.province_manager)
    b = services.assessment_record(unit=tree.a.unit, month=month, item=item, score=7, evidence="复查",
                                   actor=tree.province_manager)
    assert a.pk == b.pk and b.score == 7 and b.month.day == 1


def test_sources_are_discovered_from_installed_apps():
    found = scoring.sources()
    assert {"branch_pairing", "member_visits"} <= set(found)


def test_an_item_the_records_measure_is_not_scored_by_hand(tree):
    item = ScorecardItem.objects.get(code="counter_service")  # county A's clerk: measured
    with pytest.raises(DomainError) as err:
        services.assessment_record(unit=tree.a.unit, month=timezone.localdate(), item=item, score=9,
                                   evidence="暗访", actor=tree.province_manager)
    assert err.value.code == "measured"


def test_the_five_pairs_as_the_plan_names_them(db):
    items = [(i.dimension, i.name) for i in ScorecardItem.objects.all()]
    assert items == [("党工团责任到位", "党支部结对到位"), ("党工团责任到位", "党员走访到位"),
                     ("窗口服务优质到位", "柜台服务到位"), ("窗口服务优质到位", "布点设施到位"),
                     ("业务流程高效到位", "业扩优化到位"), ("业务流程高效到位", "便民服务到位"),
                     ("故障抢修快捷到位", "报修响应到位"), ("故障抢修快捷到位", "复电及时到位"),
                     ("缴费方式方便到位", "交费渠道到位"), ("缴费方式方便到位", "收费快捷到位")]
    found = scoring.sources()
    assert all(i.source_code in found and i.description for i in ScorecardItem.objects.all())
