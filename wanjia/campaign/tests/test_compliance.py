"""Schedule compliance: the units × requirements matrix from the records, its drill-down and export, and the
overdue notices `wanjia tick` sends once to the unit's manager."""
import datetime as dt
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from wanjia.campaign import compliance, services
from wanjia.campaign.models import PhaseKind, RequirementKind
from wanjia.campaign.testing import make_campaign
from wanjia.campaign.tick import run
from wanjia.feedback.models import Forum
from wanjia.notifications.models import Notification
from wanjia.org.models import Role
from wanjia.outreach.models import Visit


def _setup(tree):
    today = timezone.localdate()
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    pm = tree.province_manager
    forum = services.requirement_create(campaign=campaign, kind=RequirementKind.FORUM, name="座谈会(上)",
                                        start_date=today - dt.timedelta(days=40), end_date=today - dt.timedelta(days=10),
                                        actor=pm)
    walk_in = services.requirement_create(campaign=campaign, kind=RequirementKind.WALK_IN, name="走进医院",
                                          category="hospital", start_date=today - dt.timedelta(days=5),
                                          end_date=today + dt.timedelta(days=20), actor=pm)
    # County A held its forum in the window; B held one too, but after the window closed.
    Forum.objects.create(unit=tree.a.station, title="座谈会", date=today - dt.timedelta(days=20), place="所里", held=True)
    Forum.objects.create(unit=tree.b.unit, title="座谈会", date=today - dt.timedelta(days=2), place="县里", held=True)
    Visit.objects.create(campaign=campaign, unit=tree.b.rural_station, category="hospital", site="乡卫生院",
                         date=today, recorded_by=tree.b.users[Role.MANAGER])
    return campaign, forum, walk_in


def _statuses(table):
    return {row.unit.code: [c.status for c in row.cells] for row in table["rows"]}


def test_matrix_shows_each_county_from_its_records(tree):
    campaign, forum, walk_in = _setup(tree)
    table = compliance.matrix(campaign=campaign, unit=tree.prefecture, today=timezone.localdate())
    assert [r.name for r in table["requirements"]] == ["座谈会(上)", "走进医院"]
    assert _statuses(table) == {"TA": ["done", "due"], "TB": ["overdue", "done"]}
    county_a = compliance.matrix(campaign=campaign, unit=tree.a.unit, today=timezone.localdate())
    assert _statuses(county_a) == {"TA": ["done", "due"]}  # a county sees its own row only


def test_requirements_are_data_a_changed_window_changes_the_matrix(tree):
    campaign, forum, walk_in = _setup(tree)
    services.requirement_update(requirement=forum, end_date=timezone.localdate(), actor=tree.province_manager)
    table = compliance.matrix(campaign=campaign, unit=tree.prefecture, today=timezone.localdate())
    assert _statuses(table)["TB"] == ["done", "done"]


def test_tasks_requirement_counts_tasks_due_in_the_window(tree):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    today = timezone.localdate()
    phase = campaign.phases.get(kind=PhaseKind.LAUNCH)
    services.requirement_create(campaign=campaign, kind=RequirementKind.TASKS, name="动员部署任务",
                                start_date=phase.start_date, end_date=phase.end_date, actor=tree.province_manager)
    parent = services.task_create(phase=phase, unit=tree.prefecture, title="上报方案", due_date=phase.end_date,
                                  actor=tree.province_manager, cascade_kind="county")
    services.task_complete(task=parent.children.get(unit=tree.a.unit), note="已上报", actor=tree.a.users[Role.MANAGER])
    table = compliance.matrix(campaign=campaign, unit=tree.prefecture, today=today)
    assert _statuses(table) == {"TA": ["done"], "TB": ["overdue" if phase.end_date < today else "due"]}


def test_compliance_page_drill_down_and_export(tree, client):
    campaign, forum, walk_in = _setup(tree)
    client.force_login(tree.province_manager)
    page = client.get(f"/campaign/{campaign.pk}/compliance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-unit="TA"' in html and 'data-unit="TB"' in html
    cell = client.get(f"/campaign/{campaign.pk}/compliance/{forum.pk}/{tree.a.unit.pk}/")
    assert cell.status_code == 200 and "座谈会" in cell.content.decode()
    export = client.get(f"/campaign/{campaign.pk}/compliance/?format=xlsx")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("单位", "座谈会(上)", "走进医院")
    assert rows[1][:4] == ("甲县", "已完成", "待完成", 0) and rows[2][:4] == ("乙县", "逾期", "已完成", 1)
    # County B sees its own row; it cannot open county A's records.
    client.force_login(tree.b.users[Role.MANAGER])
    html = client.get(f"/campaign/{campaign.pk}/compliance/").content.decode()
    assert 'data-unit="TB"' in html and 'data-unit="TA"' not in html
    assert client.get(f"/campaign/{campaign.pk}/compliance/{forum.pk}/{tree.a.unit.pk}/").status_code == 404


def test_overdue_reaches_the_unit_manager_once(tree):
    campaign, forum, walk_in = _setup(tree)
    phase = campaign.phases.get(kind=PhaseKind.LAUNCH)
    task = services.task_create(phase=phase, unit=tree.a.unit, title="制定方案", due_date=phase.start_date,
                                owner=tree.a.users[Role.CREW], actor=tree.a.users[Role.MANAGER])
    now = timezone.now()
    first = run(now)
    assert first == {"tasks_overdue": 1, "requirements_overdue": 1}
    b_manager = tree.b.users[Role.MANAGER]
    notice = Notification.objects.get(recipient=b_manager)
    assert "座谈会(上)" in notice.subject and notice.link == f"/campaign/{campaign.pk}/compliance/"
    assert set(Notification.objects.filter(kind="campaign_task_overdue").values_list("recipient", flat=True)) == {
        tree.a.users[Role.MANAGER].pk, tree.a.users[Role.CREW].pk}
    assert not Notification.objects.filter(recipient=tree.a.users[Role.MANAGER],
                                           kind="campaign_requirement_overdue").exists()
    assert run(now + dt.timedelta(minutes=1)) == {"tasks_overdue": 0, "requirements_overdue": 0}
    assert Notification.objects.count() == 3
    task.refresh_from_db()
    assert task.overdue_notified_at is not None


def test_the_bureau_must_hold_its_own_forum(tree):
    """"Held by the bureau AND every county": a requirement of the prefecture counting only its own records."""
    campaign, forum, walk_in = _setup(tree)
    today = timezone.localdate()
    services.requirement_create(campaign=campaign, kind=RequirementKind.FORUM, name="局本部座谈会",
                                start_date=forum.start_date, end_date=forum.end_date, unit_kind="prefecture",
                                own_unit_only=True, actor=tree.province_manager)
    table = compliance.matrix(campaign=campaign, unit=tree.prefecture, today=today)
    statuses = _statuses(table)
    # Columns by window: the two forum requirements, then the walk-ins. County A's forum is not the bureau's.
    assert statuses["T1"] == ["none", "overdue", "none"]
    assert statuses["TA"] == ["done", "none", "due"]
    Forum.objects.create(unit=tree.prefecture, title="局座谈会", date=forum.start_date, place="局里", held=True)
    assert _statuses(compliance.matrix(campaign=campaign, unit=tree.prefecture, today=today))["T1"][1] == "done"
