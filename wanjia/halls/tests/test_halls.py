"""Business halls: who may staff a counter, visits and evaluations, the figures a manager reads, the pages."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wanjia.core.errors import DomainError
from wanjia.core.testing import embedded_json, make_user
from wanjia.halls import scorecard, selectors, services
from wanjia.halls.models import (BusinessHall, DissatisfactionReason, EvaluationChannel, Facility, HallService,
                                 Practice, Rating)
from wanjia.org.models import Role
from wanjia.portal.tests.text import page_text, zh


@pytest.fixture
def hall(tree):
    return services.hall_profile_save(unit=tree.a.hall, counters=3, services=HallService.objects.all()[:3],
                                      actor=tree.a.users[Role.MANAGER])


def _reason(code):
    return DissatisfactionReason.objects.get(code=code)


def test_catalogues_are_seeded_with_sources(db):
    assert set(Practice.objects.values_list("code", flat=True)) >= {"first_asked", "one_time_notice"}
    assert Facility.objects.filter(is_active=True).count() >= 10
    assert all(f.source for f in Facility.objects.all())
    assert DissatisfactionReason.objects.filter(code="long_wait").exists()


def test_only_counter_staff_of_the_hall_or_its_county_go_on_duty(tree, hall):
    county_clerk = tree.a.users[Role.COUNTER]
    hall_clerk = make_user("hall-clerk", tree.a.hall, Role.COUNTER)
    services.duty_start(hall=hall, staff=county_clerk, counter_no=1, actor=None)
    services.duty_start(hall=hall, staff=hall_clerk, counter_no=2, actor=None)
    with pytest.raises(DomainError) as exc:
        services.duty_start(hall=hall, staff=tree.b.users[Role.COUNTER], counter_no=3, actor=None)
    assert exc.value.code == "not_counter_staff"
    with pytest.raises(DomainError):
        services.duty_start(hall=hall, staff=tree.a.users[Role.DISPATCHER], counter_no=3, actor=None)
    with pytest.raises(DomainError) as exc:
        services.duty_start(hall=hall, staff=make_user("other", tree.a.unit, Role.COUNTER), counter_no=1, actor=None)
    assert exc.value.code == "counter_taken"
    with pytest.raises(DomainError):
        services.duty_start(hall=hall, staff=make_user("c4", tree.a.unit, Role.COUNTER), counter_no=4, actor=None)
    assert [d.staff for d in services.on_duty(hall)] == [county_clerk, hall_clerk]


def test_a_visit_credits_the_clerk_on_duty_at_the_counter(tree, hall):
    clerk = tree.a.users[Role.COUNTER]
    services.duty_start(hall=hall, staff=clerk, counter_no=2, actor=None)
    visit = services.visit_record(hall=hall, counter_no=2, practices=Practice.objects.filter(code="first_asked"),
                                  actor=clerk)
    assert visit.staff == clerk
    assert list(visit.practices.values_list("code", flat=True)) == ["first_asked"]


def test_dissatisfied_needs_a_reason_and_a_visit_is_rated_once(tree, hall):
    visit = services.visit_record(hall=hall, counter_no=1, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(visit=visit, rating=Rating.DISSATISFIED, channel=EvaluationChannel.PORTAL)
    assert "reasons" in exc.value.message_dict
    services.evaluation_submit(visit=visit, rating=Rating.DISSATISFIED, reasons=[_reason("long_wait")],
                               channel=EvaluationChannel.PORTAL)
    with pytest.raises(DomainError) as again:
        services.evaluation_submit(visit=visit, rating=Rating.SATISFIED, channel=EvaluationChannel.COUNTER)
    assert again.value.code == "already_evaluated"
    # Reasons given with a good rating are dropped: they only explain dissatisfaction.
    other = services.visit_record(hall=hall, counter_no=1, actor=None)
    ok = services.evaluation_submit(visit=other, rating=Rating.SATISFIED, reasons=[_reason("attitude")],
                                    channel=EvaluationChannel.COUNTER)
    assert not ok.reasons.exists()


def _scenario(tree, hall):
    """Clerk 1: very satisfied, satisfied, dissatisfied (long wait); clerk 2: dissatisfied (long wait, attitude),
    one visit not rated; one visit from the poster code; one visit 40 days ago (outside the period)."""
    clerk1 = tree.a.users[Role.COUNTER]
    clerk2 = make_user("clerk2", tree.a.hall, Role.COUNTER)
    first, notice = Practice.objects.get(code="first_asked"), Practice.objects.get(code="one_time_notice")
    now = timezone.now()
    plan = [(clerk1, Rating.VERY_SATISFIED, [], [first, notice]), (clerk1, Rating.SATISFIED, [], [first]),
            (clerk1, Rating.DISSATISFIED, ["long_wait"], []),
            (clerk2, Rating.DISSATISFIED, ["long_wait", "attitude"], [notice]), (clerk2, None, [], [])]
    for clerk, rating, reasons, practices in plan:
        visit = services.visit_record(hall=hall, staff=clerk, counter_no=1, practices=practices, actor=None,
                                      served_at=now - dt.timedelta(hours=2))
        if rating:
            services.evaluation_submit(visit=visit, rating=rating, reasons=[_reason(r) for r in reasons],
                                       channel=EvaluationChannel.COUNTER)
    services.evaluation_from_hall_code(hall=hall, rating=Rating.SATISFIED)
    old = services.visit_record(hall=hall, staff=clerk1, counter_no=1, actor=None,
                                served_at=now - dt.timedelta(days=40))
    services.evaluation_submit(visit=old, rating=Rating.DISSATISFIED, reasons=[_reason("attitude")],
                               channel=EvaluationChannel.COUNTER)
    return clerk1, clerk2


def test_figures_per_hall_and_per_clerk(tree, hall):
    clerk1, clerk2 = _scenario(tree, hall)
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    manager = tree.a.users[Role.MANAGER]
    [row] = selectors.hall_figures(user=manager, start=start, end=today)
    assert (row.visits, row.evaluated, row.very_satisfied, row.satisfied, row.dissatisfied) == (6, 5, 1, 2, 2)
    assert row.satisfaction_rate == pytest.approx(3 / 5)
    assert row.evaluation_rate == pytest.approx(5 / 6)
    assert row.practices == {"first_asked": 2, "one_time_notice": 2}
    staff = {f.key: f for f in selectors.staff_figures(user=manager, start=start, end=today)}
    assert (staff[clerk1].visits, staff[clerk1].satisfaction_rate) == (3, pytest.approx(2 / 3))
    assert (staff[clerk2].visits, staff[clerk2].evaluated, staff[clerk2].satisfaction_rate) == (2, 1, 0.0)
    reasons = selectors.dissatisfied_reasons(visits=selectors.visits_in(start=start, end=today,
                                                                        base=hall.visits.all()))
    assert [(r.code, r.n) for r in reasons] == [("long_wait", 2), ("attitude", 1)]
    # The other county sees nothing of it.
    assert selectors.hall_figures(user=tree.b.users[Role.MANAGER], start=start, end=today) == []


def test_scorecard_sources(tree, hall):
    _scenario(tree, hall)
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    # 柜台服务到位: the mean of satisfaction (3 of 5) and the clerks holding valid skill passes (none yet).
    assert scorecard.SOURCES["counter_service"](tree.a.unit, start, today) == pytest.approx(3 / 10)
    assert selectors.satisfaction_rate(unit=tree.a.unit, start=start, end=today) == pytest.approx(3 / 5)
    assert scorecard.SOURCES["counter_service"](tree.b.unit, start, today) == 0  # B's clerk: no check, no visit
    items = list(Facility.objects.filter(is_active=True))
    services.facility_checks_record(hall=hall, answers={f: (i % 2 == 0, "") for i, f in enumerate(items)},
                                    actor=None)
    expected = len(items[::2]) / len(items)
    assert scorecard.SOURCES["hall_facilities"](tree.province, start, today) == pytest.approx(expected)
    assert scorecard.SOURCES["hall_facilities"](tree.b.unit, start, today) is None
    # A check made after the period's end does not count for it.
    assert scorecard.SOURCES["hall_facilities"](tree.a.unit, start, today - dt.timedelta(days=1)) == 0


def test_counter_records_a_visit_and_the_customer_rates_it_from_the_slip(client, tree, hall):
    client.force_login(tree.a.users[Role.COUNTER])
    response = client.post(f"/halls/{hall.pk}/visits/new/", {
        "counter_no": 1, "service": HallService.objects.first().pk,
        "practices": [Practice.objects.get(code="one_time_notice").pk]})
    assert response.status_code == 302
    slip = client.get(response["Location"])
    visit = hall.visits.get()
    assert f"/portal/rate/{visit.token}/" in page_text(slip) and "<svg" in page_text(slip)
    client.logout()
    page = client.get(f"/portal/rate/{visit.token}/")
    assert page.status_code == 200 and zh(hall.unit.name) in page_text(page)
    bad = client.post(f"/portal/rate/{visit.token}/", {"rating": Rating.DISSATISFIED})
    assert bad.status_code == 400 and zh("请选择至少一个不满意的原因") in page_text(bad)
    good = client.post(f"/portal/rate/{visit.token}/", {"rating": Rating.DISSATISFIED,
                                                        "reasons": [_reason("multiple_trips").pk]})
    assert good.status_code == 200 and zh("感谢") in page_text(good)
    assert visit.evaluation.channel == EvaluationChannel.PORTAL
    again = client.get(f"/portal/rate/{visit.token}/")
    assert zh("已经评价过") in page_text(again)
    assert client.get("/portal/rate/not-a-token/").status_code == 404


def test_counter_evaluator_rating_is_recorded_with_the_visit(client, tree, hall):
    client.force_login(tree.a.users[Role.COUNTER])
    response = client.post(f"/halls/{hall.pk}/visits/new/", {"counter_no": 2, "rating": Rating.VERY_SATISFIED})
    assert response.status_code == 302
    assert hall.visits.get().evaluation.channel == EvaluationChannel.COUNTER
    bad = client.post(f"/halls/{hall.pk}/visits/new/", {"counter_no": 9})
    assert bad.status_code == 400 and hall.visits.count() == 1


def test_poster_code_records_a_visit_with_its_evaluation(client, tree, hall):
    url = f"/portal/rate/hall/{hall.evaluation_token}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"rating": Rating.SATISFIED}).status_code == 200
    visit = hall.visits.get()
    assert visit.staff is None and visit.evaluation.rating == Rating.SATISFIED


def test_manager_edits_profile_and_hours(client, tree, hall):
    client.force_login(tree.a.users[Role.MANAGER])
    data = {"counters": 4, "services": [s.pk for s in HallService.objects.all()[:2]], "notes": "",
            "hours_0": "08:30-12:00, 14:00-17:30", "hours_5": "09:00-12:00"}
    assert client.post(f"/halls/{hall.pk}/edit/", data).status_code == 302
    hall.refresh_from_db()
    assert hall.counters == 4
    assert [zh(str(h)) for h in hall.opening_hours.all()] == [zh("星期一 08:30-12:00"), zh("星期一 14:00-17:30"),
                                                          "星期六 09:00-12:00"]
    bad = client.post(f"/halls/{hall.pk}/edit/", {**data, "hours_1": "08:30-12:00, 11:00-13:00", "counters": 9})
    assert bad.status_code == 400 and zh("不能重叠") in page_text(bad)
    hall.refresh_from_db()
    assert hall.counters == 4 and hall.opening_hours.count() == 3


def test_manager_creates_a_profile_for_a_hall_unit(client, tree):
    client.force_login(tree.a.users[Role.MANAGER])
    listing = page_text(client.get("/halls/"))
    assert f"/halls/new/{tree.a.hall.pk}/" in listing
    assert client.post(f"/halls/new/{tree.a.hall.pk}/", {"counters": 2}).status_code == 302
    assert BusinessHall.objects.get(unit=tree.a.hall).counters == 2
    assert client.post(f"/halls/new/{tree.b.hall.pk}/", {"counters": 2}).status_code == 404


def test_pages_keep_to_the_scope(client, tree, hall):
    client.force_login(tree.b.users[Role.MANAGER])
    assert client.get(f"/halls/{hall.pk}/").status_code == 404
    assert zh(hall.unit.name) not in page_text(client.get("/halls/"))
    client.force_login(tree.a.users[Role.AUDITOR])
    assert client.get(f"/halls/{hall.pk}/").status_code == 200
    assert client.get(f"/halls/{hall.pk}/visits/new/").status_code == 403


def test_figures_page_and_export(client, tree, hall):
    _scenario(tree, hall)
    client.force_login(tree.a.users[Role.MANAGER])
    page = page_text(client.get("/halls/figures/"))
    assert "60.0%" in page and "clerk2" in page
    export = client.get("/halls/figures/?format=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/halls/figures/?start=2026-02-01&end=2026-01-01").status_code == 400


def test_facility_check_page(client, tree, hall):
    client.force_login(tree.a.users[Role.COUNTER])
    first = Facility.objects.filter(is_active=True).first()
    response = client.post(f"/halls/{hall.pk}/facilities/", {f"present_{first.pk}": "1"})
    assert response.status_code == 302
    assert hall.facility_checks.get(facility=first).present
    assert hall.facility_checks.filter(present=False).count() == Facility.objects.filter(is_active=True).count() - 1


def test_home_panel_shows_the_clerks_duty_and_the_figures(client, tree, hall):
    clerk = tree.a.users[Role.COUNTER]
    services.duty_start(hall=hall, staff=clerk, counter_no=1, actor=None)
    visit = services.visit_record(hall=hall, counter_no=1, actor=None)
    services.evaluation_submit(visit=visit, rating=Rating.SATISFIED, channel=EvaluationChannel.COUNTER)
    client.force_login(clerk)
    page = page_text(client.get("/"))
    assert zh("1 号窗口在岗") in page and "100.0%" in page


def test_tick_signs_off_duties_left_open_from_an_earlier_day(tree, hall):
    from wanjia.halls import tick

    now = timezone.now()
    yesterday = now - dt.timedelta(days=1)
    old = services.duty_start(hall=hall, staff=tree.a.users[Role.COUNTER], counter_no=1, actor=None, at=yesterday)
    current = services.duty_start(hall=hall, staff=make_user("today", tree.a.hall, Role.COUNTER), counter_no=2,
                                  actor=None, at=now)
    assert tick.run(now) == {"duties_closed": 1}
    assert tick.run(now) == {"duties_closed": 0}
    old.refresh_from_db()
    current.refresh_from_db()
    assert old.ended_at == timezone.localtime(yesterday).replace(hour=0, minute=0, second=0, microsecond=0) \
        + dt.timedelta(days=1)
    assert current.ended_at is None
    # The counter is free again for the new day, and a visit there is no longer credited to the old clerk.
    assert services.visit_record(hall=hall, counter_no=1, actor=None).staff is None


def test_weekly_hours_join_days_with_the_same_periods(tree, hall):
    import datetime as dt_

    t = dt_.time
    week = [(d, t(8, 30), t(12)) for d in range(5)] + [(d, t(14), t(17, 30)) for d in range(5)] + [(5, t(9), t(12))]
    services.opening_hours_set(hall=hall, periods=week, actor=None)
    assert [(zh(day), hours) for day, hours in selectors.weekly_hours(hall)] == [
        (zh("星期一至星期五"), "08:30-12:00, 14:00-17:30"), (zh("星期六"), "09:00-12:00")]


def test_api_lists_halls_and_figures_in_scope(tree, hall):
    from wanjia.core.testing import api_client

    _scenario(tree, hall)
    client = api_client(tree.a.users[Role.MANAGER])
    [row] = client.get("/api/v1/halls/halls/").json()["results"]
    assert row["code"] == tree.a.hall.code and row["counters"] == 3
    figures = client.get("/api/v1/halls/halls/figures/").json()["results"]
    assert figures[0]["visits"] == 6 and figures[0]["satisfaction_rate"] == pytest.approx(0.6)
    by_staff = client.get("/api/v1/halls/halls/figures/?by=staff").json()["results"]
    assert {r["label"] for r in by_staff} == {"clerk2", str(tree.a.users[Role.COUNTER])}
    bad = client.get("/api/v1/halls/halls/figures/?start=2026-02-01&end=2026-01-01")
    assert bad.status_code == 400 and "end" in bad.json()["fields"]
    assert client.post("/api/v1/halls/halls/", {}, format="json").status_code == 405
    assert api_client(tree.b.users[Role.MANAGER]).get("/api/v1/halls/halls/").json()["results"] == []


@pytest.fixture
def two_halls(tree, hall):
    """County A's hall: 3 of 5 rated visits satisfied (`_scenario`); county B's hall: its one rated visit
    very satisfied."""
    _scenario(tree, hall)
    other = services.hall_profile_save(unit=tree.b.hall, counters=1, services=[], actor=tree.b.users[Role.MANAGER])
    visit = services.visit_record(hall=other, counter_no=1, actor=None,
                                  served_at=timezone.now() - dt.timedelta(hours=1))
    services.evaluation_submit(visit=visit, rating=Rating.VERY_SATISFIED, channel=EvaluationChannel.COUNTER)
    return tree


def test_level_figures_sum_the_halls_of_each_unit_one_level_down(two_halls):
    tree = two_halls
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    b, a = selectors.level_figures(user=tree.province_manager, unit=tree.prefecture, start=start, end=today)
    assert (b.key, b.satisfaction_rate, b.halls) == (tree.b.unit, 1.0, 1)
    assert (a.key, a.visits, a.evaluated, a.satisfaction_rate) == (tree.a.unit, 6, 5, pytest.approx(3 / 5))
    [prefecture] = selectors.level_figures(user=tree.province_manager, unit=tree.province, start=start, end=today)
    assert (prefecture.evaluated, prefecture.satisfaction_rate, prefecture.halls) == (6, pytest.approx(4 / 6), 2)
    # A county's level is its halls; another county's manager sees none of them.
    [hall_row] = selectors.level_figures(user=tree.a.users[Role.MANAGER], unit=tree.a.unit, start=start, end=today)
    assert hall_row.key == tree.a.hall
    assert selectors.level_figures(user=tree.b.users[Role.MANAGER], unit=tree.a.unit, start=start, end=today) == []


def test_figures_page_ranks_the_level_and_drills_down_by_link(client, two_halls):
    tree = two_halls
    today = timezone.localdate()
    dates = f"start={today - dt.timedelta(days=29)}&end={today}"
    client.force_login(tree.province_manager)
    response = client.get(f"/halls/figures/?unit={tree.prefecture.code}&{dates}")
    rows = embedded_json(response, "satisfaction-data")["rows"]
    # Best first: B's one rating, then A's 3 of 5
    assert [(r["label"], r["rate"], r["evaluated"]) for r in rows] == [("乙县", 1.0, 1), ("甲县", 0.6, 5)]
    assert rows[1]["href"] == f"?unit=TA&{dates}"
    county = client.get("/halls/figures/" + rows[1]["href"])
    [hall_row] = embedded_json(county, "satisfaction-data")["rows"]
    hall = BusinessHall.objects.get(unit=tree.a.hall)
    assert hall_row["href"] == f"/halls/{hall.pk}/?{dates}"
    page = page_text(county)
    # The period form keeps the level; the breadcrumb leads back up; the export lists this level's halls.
    assert '<input type="hidden" name="unit" value="TA">' in page
    assert f'href="?unit={tree.prefecture.code}&amp;{dates.replace("&", "&amp;")}"' in page
    assert "format=xlsx" in page and 'id="level-table"' in page


def test_hostile_hall_names_stay_text_on_the_figures_page(client, two_halls):
    from wanjia.core import hostile
    from wanjia.org.models import Unit

    tree = two_halls
    Unit.objects.filter(pk=tree.a.hall.pk).update(name=hostile.TAG)
    client.force_login(tree.a.users[Role.MANAGER])
    response = client.get("/halls/figures/")
    assert hostile.TAG not in response.content.decode()
    assert embedded_json(response, "satisfaction-data")["rows"][0]["label"] == hostile.TAG
