import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from wanjia.campaign import report, services
from wanjia.campaign.selectors import quarter_start
from wanjia.campaign.testing import make_campaign
from wanjia.core.errors import DomainError
from wanjia.core.testing import make_customer
from wanjia.feedback import services as feedback
from wanjia.org.models import Role
from wanjia.outreach import services as outreach
from wanjia.outreach.models import AnswerResult


@pytest.fixture
def campaign_data(tree):
    manager, crew = tree.a.users[Role.MANAGER], tree.a.users[Role.CREW]
    today = timezone.localdate()
    campaign = make_campaign(tree.a.unit, manager)
    day = services.activity_day_record(campaign=campaign, unit=tree.a.unit, date=campaign.start_date,
                                       place="县城广场", actor=manager, attendance=120, materials_count=500,
                                       commitments="十项承诺")
    for category in ("village", "village", "school", "hardship"):
        answers = {i.pk: (AnswerResult.PROBLEM if n == 0 else AnswerResult.OK, "")
                   for n, i in enumerate(outreach.checklist_for(category))}
        visit = outreach.visit_record(campaign=campaign, unit=tree.a.station, category=category,
                                      date=campaign.start_date, site="走访点", team=[crew], actor=manager,
                                      answers=answers, activity_day=day)
    answer = visit.answers.get(result=AnswerResult.PROBLEM)
    closed = outreach.hazard_raise(unit=tree.a.station, answer=answer, description="老化线路", severity="major",
                                   side="customer", found_on=campaign.start_date, actor=manager, owner=crew,
                                   deadline=today + dt.timedelta(days=5))
    outreach.hazard_rectify(hazard=closed, actor=crew, note="已更换")
    outreach.hazard_verify(hazard=closed, actor=manager, passed=True)
    outreach.hazard_close(hazard=closed, actor=manager)
    outreach.hazard_raise(unit=tree.a.station, description="树线矛盾", severity="general", side="utility",
                          found_on=campaign.start_date, actor=manager, campaign=campaign, owner=crew,
                          deadline=today - dt.timedelta(days=1))
    forum = feedback.forum_create(unit=tree.a.unit, title="座谈会", date=campaign.start_date + dt.timedelta(days=1),
                                  place="会议室", actor=manager, campaign=campaign)
    feedback.forum_record_held(forum=forum, minutes="纪要", actor=manager,
                               attendees=[("甲", "resident", None), ("乙", "deputy", None), ("丙", "enterprise", None)])
    item = feedback.forum_opinion_record(forum=forum, content="电压低", topic="supply_quality", unit=tree.a.station,
                                         actor=manager)
    feedback.feedback_item_answer(item=item, answer="改造", actor=manager)
    feedback.feedback_item_deliver(item=item, method="visit", actor=manager)
    feedback.forum_opinion_record(forum=forum, content="缴费点少", topic="billing", unit=tree.a.unit, actor=manager)
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    branch = services.branch_create(unit=tree.a.station, name="城关支部", actor=secretary, members=["王强"])
    services.branch_create(unit=tree.a.station, name="第二支部", actor=secretary)
    pairing = services.pairing_create(branch=branch, member=branch.members.get(), customer=make_customer(tree.a),
                                      started_on=max(quarter_start(today), campaign.start_date), actor=secretary)
    services.pairing_visit_record(pairing=pairing, date=today, content="走访", actor=secretary)
    services.good_practice_record(campaign=campaign, unit=tree.a.station, title="台区经理微信群",
                                  description="每个台区建群,停电信息一键通知", actor=manager)
    # County B's campaign activity must not appear in A's summary.
    b_campaign = make_campaign(tree.b.unit, tree.b.users[Role.MANAGER])
    services.activity_day_record(campaign=b_campaign, unit=tree.b.unit, date=b_campaign.start_date, place="乙县",
                                 actor=tree.b.users[Role.MANAGER], attendance=999)
    return tree, campaign


def sheet_dict(wb, name):
    return {row[0]: row[1] for row in wb[name].iter_rows(min_row=2, values_only=True)}


def test_summary_xlsx_and_pdf_hold_the_figures(campaign_data):
    tree, campaign = campaign_data
    summary = report.report_generate(campaign=campaign, unit=tree.a.unit, actor=tree.a.users[Role.MANAGER])
    wb = load_workbook(BytesIO(summary.xlsx.read()))
    overview = sheet_dict(wb, "概况")
    assert overview["社会活动日(次)"] == 1 and overview["活动日参加人数"] == 120 and overview["发放资料(份)"] == 500
    assert overview["走访(次)"] == 4
    assert overview["发现隐患(项)"] == 2 and overview["已销号隐患(项)"] == 1 and overview["逾期未整改隐患(项)"] == 1
    assert overview["座谈会参会人数"] == 3 and overview["收集意见(条)"] == 2 and overview["已答复并反馈到人(条)"] == 1
    assert overview["党支部(个)"] == 2 and overview["未结对党支部(个)"] == 1 and overview["本季度未走访的结对(对)"] == 0
    visits = {row[0]: row[1:] for row in wb["六走进"].iter_rows(min_row=2, values_only=True)}
    assert visits["农村"] == (2, 2, 0) and visits["学校"] == (1, 1, 0) and visits["困难家庭"] == (1, 1, 1)
    assert visits["医院"] == (0, 0, 0)
    scorecard = list(wb["五到位评分"].iter_rows(min_row=1, values_only=True))
    assert scorecard[0][:3] == ("名次", "单位", "总分")
    by_unit = {row[1]: row for row in scorecard[1:]}
    station_row = by_unit[tree.a.station.name]
    assert station_row[3] == 6.7  # branch pairing: (1 of 2 branches + 1 of 1 member) = 2/3 of 10 points
    assert "数据" in station_row[-1]
    practices = list(wb["典型经验"].iter_rows(min_row=2, values_only=True))
    assert practices[0][1] == "台区经理微信群"
    kpis = {row[0]: row[1:] for row in wb["指标对比"].iter_rows(min_row=2, values_only=True)}
    before, during, change = kpis["党工团责任到位 · 党支部结对到位"]
    assert before == 0 and during == pytest.approx(2 / 3) and change == pytest.approx(2 / 3)

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(summary.pdf.read())).pages)
    assert campaign.name in text and "活动总结" in text
    for needle in ("社会活动日(次)", "县城广场", "困难家庭", "台区经理微信群", "五到位评分", tree.a.station.name):
        assert needle in text, needle
    assert "999" not in text  # county B's figures stay out


def test_report_refuses_a_unit_outside_the_campaign(campaign_data):
    tree, campaign = campaign_data
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report.report_generate(campaign=campaign, unit=tree.b.unit, actor=tree.a.users[Role.MANAGER])
    with pytest.raises(DomainError) as err:
        report.report_generate(campaign=campaign, unit=tree.prefecture, actor=tree.province_manager)
    assert err.value.field == "unit"


def test_campaign_dates_are_checked(tree):
    from wanjia.campaign.services import campaign_create

    with pytest.raises(DomainError) as err:
        campaign_create(name="x", unit=tree.a.unit, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1),
                        actor=tree.a.users[Role.MANAGER])
    assert err.value.field == "end_date"
    with pytest.raises(DomainError) as err:
        campaign_create(name="x", unit=tree.a.unit, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 6, 1),
                        actor=tree.a.users[Role.MANAGER],
                        phases={"launch": (dt.date(2026, 4, 1), dt.date(2026, 5, 10), "")})
    assert err.value.field == "start_date"


def test_generation_reports_each_step_and_a_refusal_before_any_work(campaign_data):
    tree, campaign = campaign_data
    steps = []
    report.report_generate(campaign=campaign, unit=tree.a.unit, actor=tree.a.users[Role.MANAGER],
                           progress=lambda done, total: steps.append((done, total)))
    assert steps == [(0, 4), (1, 4), (2, 4), (3, 4)]
    with pytest.raises(DomainError):
        report.report_check(campaign=campaign, unit=tree.prefecture, actor=tree.province_manager)
