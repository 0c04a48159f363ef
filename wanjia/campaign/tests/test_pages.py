"""Every page of the three apps renders for a county-A user with real figures, and a county-B user sees none
of A's records (404 on details, empty lists)."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wanjia.campaign import services
from wanjia.campaign.testing import make_campaign, png
from wanjia.feedback import services as feedback
from wanjia.feedback.models import FeedbackItem, FeedbackStatus
from wanjia.org.models import Role
from wanjia.outreach import services as outreach
from wanjia.outreach.models import AnswerResult, Hazard, HazardStatus


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def data(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    day = services.activity_day_record(campaign=campaign, unit=tree.a.unit, date=timezone.localdate(), place="广场",
                                       actor=manager, attendance=50)
    answers = {i.pk: (AnswerResult.PROBLEM, "表箱破损") for i in outreach.checklist_for("village")}
    visit = outreach.visit_record(campaign=campaign, unit=tree.a.station, category="village",
                                  date=timezone.localdate(), site="上寨村", team=[manager], actor=manager,
                                  answers=answers, activity_day=day)
    forum = feedback.forum_create(unit=tree.a.unit, title="十一月座谈会", date=timezone.localdate(), place="会议室",
                                  actor=manager, campaign=campaign)
    item = feedback.forum_opinion_record(forum=forum, content="电压低", topic="supply_quality", unit=tree.a.station,
                                         actor=manager)
    return tree, campaign, day, visit, forum, item


def test_pages_render_for_a_and_hide_from_b(data):
    tree, campaign, day, visit, forum, item = data
    a, b = login(tree.a.users[Role.MANAGER]), login(tree.b.users[Role.MANAGER])
    details = [reverse("campaign:detail", args=[campaign.pk]), reverse("campaign:activity_day", args=[day.pk]),
               reverse("outreach:visit", args=[visit.pk]), reverse("feedback:forum", args=[forum.pk]),
               reverse("feedback:item", args=[item.pk]), reverse("campaign:reports", args=[campaign.pk]),
               reverse("campaign:practices", args=[campaign.pk])]
    lists = [reverse("campaign:pairing"), reverse("campaign:scorecard"), reverse("outreach:visits"),
             reverse("outreach:hazards"), reverse("feedback:items"), reverse("feedback:forums"),
             reverse("feedback:hot"), reverse("outreach:visit_create"), reverse("outreach:hazard_create"),
             reverse("feedback:item_create"), reverse("feedback:forum_create"), reverse("outreach:plan_create")]
    for url in details + lists:
        assert a.get(url).status_code == 200, url
    for url in details:
        assert b.get(url).status_code == 404, url
    assert "上寨村" in a.get(reverse("outreach:visits")).content.decode()
    assert "上寨村" not in b.get(reverse("outreach:visits")).content.decode()
    assert "电压低" not in b.get(reverse("feedback:items")).content.decode()
    card = f'href="{reverse("campaign:detail", args=[campaign.pk])}"'
    assert card in a.get(reverse("home")).content.decode()
    assert card not in b.get(reverse("home")).content.decode()
    hot = a.get(reverse("feedback:hot")).content.decode()
    assert tree.a.station.name in hot and "供电质量" in hot


def test_checklist_fragment_follows_category(data):
    client = login(data[0].a.users[Role.CREW])
    html = client.get(reverse("outreach:checklist"), {"category": "hospital"}).content.decode()
    assert "应急电源" in html and "演练" in html and "低电压" not in html


def test_visit_form_posts_answers_and_refuses_outside_dates(data):
    tree, campaign, *_ = data
    crew = tree.a.users[Role.CREW]
    client = login(crew)
    items = outreach.checklist_for("school")
    payload = {"campaign": campaign.pk, "unit": tree.a.station.pk, "category": "school", "site": "城关小学",
               "team": [crew.pk], "date": (campaign.end_date + dt.timedelta(days=1)).isoformat(),
               **{f"answer_{i.pk}": "ok" for i in items}}
    response = client.post(reverse("outreach:visit_create"), payload)
    assert response.status_code == 400 and "不在活动期间" in response.content.decode()
    payload["date"] = timezone.localdate().isoformat()
    response = client.post(reverse("outreach:visit_create"), {**payload, "photos": png()})
    assert response.status_code == 302


def test_hazard_loop_through_the_pages_with_htmx(data):
    tree, campaign, day, visit, *_ = data
    manager, crew = tree.a.users[Role.MANAGER], tree.a.users[Role.CREW]
    answer = visit.answers.first()
    response = login(crew).post(reverse("outreach:hazard_from_answer", args=[answer.pk]), {
        "description": "表箱破损", "severity": "general", "side": "utility",
        "found_on": timezone.localdate().isoformat(), "owner": crew.pk,
        "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    htmx = {"HTTP_HX_REQUEST": "true"}
    url = lambda action: reverse("outreach:hazard_action", args=[hazard.pk, action])  # noqa: E731
    assert login(crew).post(url("rectify"), {"note": "已更换表箱"}, **htmx).status_code == 200
    response = login(crew).post(url("verify"), {"passed": "1"}, **htmx)
    assert response.status_code == 400 and "不能验收自己" in response.content.decode()
    assert login(manager).post(url("verify"), {"passed": "1", "note": "合格"}, **htmx).status_code == 200
    response = login(manager).post(url("close"), {}, **htmx)
    assert response.status_code == 200 and 'id="hazard-panel"' in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    assert login(tree.b.users[Role.MANAGER]).post(url("close"), {}).status_code == 404


def test_feedback_loop_through_the_pages(data):
    tree, campaign, day, visit, forum, item = data
    counter = tree.a.users[Role.COUNTER]
    url = reverse("feedback:item_action", args=[item.pk])
    response = login(counter).post(url, {"answer": " "})
    assert response.status_code == 400
    assert login(counter).post(url, {"answer": "已改造台区"}).status_code == 200
    assert login(counter).post(url, {"method": "visit", "note": "上门告知"}).status_code == 200
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DELIVERED
    response = login(tree.a.users[Role.MANAGER]).post(reverse("feedback:forum", args=[forum.pk]),
                                                      {"content": "没有责任单位的意见", "topic": item.topic_id})
    assert response.status_code == 400 and "必须指定责任单位" in response.content.decode()
    assert FeedbackItem.objects.count() == 1


def test_report_generation_and_download(data):
    tree, campaign, *_ = data
    client = login(tree.a.users[Role.MANAGER])
    response = client.post(reverse("campaign:reports", args=[campaign.pk]), {"unit": tree.a.unit.pk})
    assert response.status_code == 302
    from wanjia.campaign.models import SummaryReport

    report = SummaryReport.objects.get()
    # Generated by a background job (at once in tests); the page it returns to links the two files.
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and reverse("campaign:report_download", args=[report.pk, "pdf"]) in page
    pdf = client.get(reverse("campaign:report_download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert login(tree.b.users[Role.MANAGER]).get(
        reverse("campaign:report_download", args=[report.pk, "xlsx"])).status_code == 404


def test_auditor_reads_but_cannot_write(data):
    tree, campaign, day, visit, forum, item = data
    auditor = login(tree.a.users[Role.AUDITOR])
    assert auditor.get(reverse("campaign:detail", args=[campaign.pk])).status_code == 200
    assert auditor.post(reverse("feedback:item_action", args=[item.pk]), {"answer": "x"}).status_code == 403


def test_report_refusal_shows_on_the_form_without_starting_a_job(data):
    tree, campaign, *_ = data
    from wanjia.jobs.models import Job

    response = login(tree.province_manager).post(reverse("campaign:reports", args=[campaign.pk]),
                                                 {"unit": tree.prefecture.pk})
    assert response.status_code == 400 and not Job.objects.exists()
