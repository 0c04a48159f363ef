"""The summary report with hostile stored text (it used to fail with HTTP 500 on `<`), its figures checked
against the records (goals, phases and tasks, per-unit progress, compliance, improvements), and a campaign
that has barely started saying so instead of ranking units."""
import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from wanjia.campaign import report, services
from wanjia.campaign.models import PhaseKind, RequirementKind
from wanjia.campaign.testing import make_campaign
from wanjia.org.models import Role

HOSTILE = "<script>&\"'"
LOW_VOLTAGE = "电压<198V"


def _text(summary) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(summary.pdf.read())).pages)


def _rows(wb, name):
    return list(wb[name].iter_rows(min_row=2, values_only=True))


@pytest.fixture
def hostile(tree):
    manager = tree.a.users[Role.MANAGER]
    today = timezone.localdate()
    campaign = make_campaign(tree.a.unit, manager)
    campaign.name = f"活动{HOSTILE}"
    campaign.save()
    launch = campaign.phases.get(kind=PhaseKind.LAUNCH)
    survey = campaign.phases.get(kind=PhaseKind.SURVEY)
    done = services.task_create(phase=launch, unit=tree.a.station, title=f"任务{HOSTILE}",
                                due_date=launch.end_date, actor=manager)
    services.task_complete(task=done, actor=manager, note="完成")
    services.task_create(phase=survey, unit=tree.a.station, title="调研任务",
                         due_date=survey.end_date, actor=manager)
    services.goal_create(campaign=campaign, text=f"目标{HOSTILE}", actor=manager, measure="count",
                         count_code="tasks_done", target=4)
    services.requirement_create(campaign=campaign, kind=RequirementKind.TASKS, name=f"要求{HOSTILE}",
                                start_date=campaign.start_date, end_date=today, actor=manager)
    services.good_practice_record(campaign=campaign, unit=tree.a.station, title=LOW_VOLTAGE,
                                  description=f"台区{LOW_VOLTAGE}\n改造后合格", actor=manager)
    services.improvement_record(campaign=campaign, unit=tree.a.station, kind="process", title=f"流程{HOSTILE}",
                                description="业扩一证受理", effective_on=today, actor=manager)
    return tree, campaign


def test_hostile_text_renders_and_figures_match_the_records(hostile):
    tree, campaign = hostile
    summary = report.report_generate(campaign=campaign, unit=tree.a.unit, actor=tree.a.users[Role.MANAGER])
    text = _text(summary)
    for needle in (HOSTILE, LOW_VOLTAGE, f"流程{HOSTILE}", "十四、制度流程改进"):
        assert needle in text, needle
    wb = load_workbook(BytesIO(summary.xlsx.read()))
    [goal] = _rows(wb, "目标完成")
    assert goal[:6] == (f"目标{HOSTILE}", "完成任务数", 4, 1, 3, "未达到")
    phases = {row[0]: row[3:] for row in _rows(wb, "阶段与任务")}
    # The survey task is due at that phase's end, still ahead: not overdue yet.
    assert phases["动员部署"] == (1, 1, 0) and phases["调研走访"] == (0, 1, 0) and phases["总结表彰"] == (0, 0, 0)
    progress = {row[0]: row[1:] for row in _rows(wb, "各单位进度")}
    assert progress[tree.a.station.name][:2] == (1, 2)
    header = next(wb["进度要求"].iter_rows(max_row=1, values_only=True))
    assert header[1] == f"要求{HOSTILE}"
    # Only the launch task falls due inside the window, and it is done.
    assert [row[1] for row in _rows(wb, "进度要求")] == ["已完成"]
    [improvement] = _rows(wb, "制度流程改进")
    assert improvement[:3] == ("流程", f"流程{HOSTILE}", "业扩一证受理")
    practices = _rows(wb, "典型经验")
    assert practices[0][1] == LOW_VOLTAGE and practices[0][2] == f"台区{LOW_VOLTAGE}\n改造后合格"
    overview = {row[0]: row[1] for row in _rows(wb, "概况")}
    assert overview["活动名称"] == f"活动{HOSTILE}" and overview["已开展天数"] == 61 and "说明" not in overview
    assert [row[0] for row in _rows(wb, "五到位评分")][0] == 1  # ranked


def test_a_campaign_barely_started_does_not_rank_units(tree):
    manager = tree.province_manager
    campaign = make_campaign(tree.prefecture, manager, start=timezone.localdate() - dt.timedelta(days=1))
    summary = report.report_generate(campaign=campaign, unit=tree.prefecture, actor=manager)
    wb = load_workbook(BytesIO(summary.xlsx.read()))
    overview = {row[0]: row[1] for row in _rows(wb, "概况")}
    assert overview["已开展天数"] == 2 and "不作单位排名" in overview["说明"]
    assert {row[0] for row in _rows(wb, "五到位评分")} == {"—"}
    assert "不作单位排名" in _text(summary)


def test_improvements_keep_to_the_scope_and_the_page_records_them(client, hostile):
    tree, campaign = hostile
    with pytest.raises(PermissionDenied):
        services.improvement_record(campaign=campaign, unit=tree.a.station, kind="rule", title="x", description="y",
                                    effective_on=timezone.localdate(), actor=tree.b.users[Role.MANAGER])
    client.force_login(tree.a.users[Role.MANAGER])
    ok = client.post(f"/campaign/{campaign.pk}/practices/", {
        "record": "improvement", "unit": tree.a.station.pk, "kind": "rule", "title": "抢修值班制度",
        "description": "夜间双人值班", "effective_on": timezone.localdate().isoformat()})
    assert ok.status_code == 302
    page = client.get(f"/campaign/{campaign.pk}/practices/").content.decode()
    assert "抢修值班制度" in page and "&lt;script&gt;" in page and "<script>&" not in page
    client.force_login(tree.a.users[Role.CREW])
    assert client.post(f"/campaign/{campaign.pk}/practices/", {"record": "improvement"}).status_code == 403
