"""Records entered by mistake (test data, hostile text) are voided with a reason, in the UI, the API and the
admin: they drop out of lists, figures and maps, stay in the history, and only writers in scope may void."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign import selectors as campaign_selectors
from wanjia.campaign.models import ActivityDay
from wanjia.campaign.services import activity_day_record
from wanjia.campaign.testing import make_campaign
from wanjia.core import hostile
from wanjia.core.testing import api_client
from wanjia.feedback.models import Forum
from wanjia.feedback.services import forum_create
from wanjia.org.models import Role
from wanjia.outreach import services as outreach
from wanjia.outreach.models import AnswerResult, Visit
from wanjia.payments.models import ChannelKind, PaymentChannel
from wanjia.payments.services import channel_save


@pytest.fixture
def day(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    return activity_day_record(campaign=campaign, unit=tree.a.station, place=hostile.TAG, actor=manager,
                               date=timezone.localdate() - dt.timedelta(days=1), attendance=40)


@pytest.fixture
def channel(tree):
    kind = ChannelKind.objects.filter(is_physical=True).first()
    return channel_save(actor=tree.a.users[Role.COUNTER], kind=kind, name=hostile.TAG, unit=tree.a.station,
                        latitude=25.05, longitude=100.05)


def test_manager_voids_an_activity_day_in_the_ui_and_it_leaves_page_figures_and_chart(client, tree, day):
    manager = tree.a.users[Role.MANAGER]
    client.force_login(manager)
    assert "作废" in client.get(f"/campaign/activity-days/{day.pk}/").content.decode()
    assert client.get(f"/campaign/activity-days/{day.pk}/void/").status_code == 200
    refused = client.post(f"/campaign/activity-days/{day.pk}/void/", {"reason": "  "})
    assert refused.status_code == 400 and not ActivityDay.all_objects.get(pk=day.pk).is_voided

    response = client.post(f"/campaign/activity-days/{day.pk}/void/", {"reason": "测试数据"})
    assert response.status_code == 302 and response["Location"] == f"/campaign/{day.campaign_id}/"
    page = client.get(f"/campaign/{day.campaign_id}/")
    assert page.context["chart"]["activities"] == [] and page.context["activities"]["count"] == 0
    summary = campaign_selectors.activity_summary(campaign=day.campaign, unit=tree.a.unit)
    assert summary["count"] == 0 and summary["attendance"] == 0
    assert client.get(f"/campaign/activity-days/{day.pk}/").status_code == 404
    # Kept, with who, when and why, and in the history.
    kept = ActivityDay.all_objects.get(pk=day.pk)
    assert kept.voided_by == manager and kept.void_reason == "测试数据" and kept.voided_at is not None
    last = kept.history.first()
    assert last.history_change_reason == "测试数据" and last.history_user == manager


def test_only_writers_in_scope_void(client, tree, day):
    client.force_login(tree.b.users[Role.MANAGER])
    assert client.post(f"/campaign/activity-days/{day.pk}/void/", {"reason": "x"}).status_code == 404
    client.force_login(tree.a.users[Role.CREW])
    assert client.post(f"/campaign/activity-days/{day.pk}/void/", {"reason": "x"}).status_code == 403
    assert api_client(tree.b.users[Role.MANAGER]).post(
        f"/api/v1/campaign/activity-days/{day.pk}/void/", {"reason": "x"}).status_code == 404
    assert api_client(tree.a.users[Role.AUDITOR]).post(
        f"/api/v1/campaign/activity-days/{day.pk}/void/", {"reason": "x"}).status_code == 403
    assert not ActivityDay.all_objects.get(pk=day.pk).is_voided


def test_counter_voids_a_payment_channel_through_the_api_and_it_leaves_the_maps(client, tree, channel):
    counter = tree.a.users[Role.COUNTER]
    api = api_client(counter)
    url = f"/api/v1/payments/channels/{channel.pk}/"
    missing = api.post(url + "void/", {}, format="json")
    assert missing.status_code == 400 and set(missing.json()) == {"code", "message", "fields"}
    assert "reason" in missing.json()["fields"]
    assert api.delete(url).status_code == 405

    done = api.post(url + "void/", {"reason": "柜员误录"}, format="json")
    assert done.status_code == 200 and done.json()["void_reason"] == "柜员误录"
    again = api.post(url + "void/", {"reason": "再次"}, format="json")
    assert again.status_code == 404  # gone from every list, the API's included
    assert api.get("/api/v1/payments/channels/").json()["count"] == 0

    client.force_login(tree.a.users[Role.MANAGER])
    assert client.get(f"/payments/coverage/?unit={tree.a.unit.code}").context["map_data"]["points"] == []
    layers = client.get("/kpi/map/data/").json()["layers"]
    assert layers.get("payment_points", []) == []
    kept = PaymentChannel.all_objects.get(pk=channel.pk)
    assert kept.voided_by == counter and kept.history.first().history_change_reason == "柜员误录"


def test_forum_and_visit_void_through_ui_and_api(client, tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    forum = forum_create(unit=tree.a.unit, title=hostile.SCRIPT, date=timezone.localdate(), place="会议室",
                         actor=manager, campaign=campaign)
    answers = {i.pk: (AnswerResult.OK, "") for i in outreach.checklist_for("village")}
    visit = outreach.visit_record(campaign=campaign, unit=tree.a.station, category="village",
                                  date=timezone.localdate(), site=hostile.NOTE, team=[tree.a.users[Role.CREW]],
                                  actor=manager, answers=answers)
    client.force_login(manager)
    assert "作废" in client.get(f"/feedback/forums/{forum.pk}/").content.decode()
    assert client.post(f"/feedback/forums/{forum.pk}/void/", {"reason": "重复登记"}).status_code == 302
    assert api_client(manager).post(f"/api/v1/outreach/visits/{visit.pk}/void/", {"reason": "测试"},
                                    format="json").status_code == 200
    assert not Forum.objects.filter(pk=forum.pk).exists() and Forum.all_objects.get(pk=forum.pk).is_voided
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert hostile.NOTE not in client.get("/outreach/visits/").content.decode()
    assert campaign_selectors.visits_by_category(campaign=campaign, unit=tree.a.unit)[0]["visits"] == 0


def test_admin_lists_voided_rows_and_voids_with_a_reason(client, tree, day, channel):
    client.force_login(tree.admin)
    changelist = "/admin/payments/paymentchannel/"
    confirm = client.post(changelist, {"action": "void_selected", "_selected_action": [channel.pk]})
    assert confirm.status_code == 200 and "作废原因" in confirm.content.decode()
    done = client.post(changelist, {"action": "void_selected", "_selected_action": [channel.pk],
                                    "reason": "测试数据"})
    assert done.status_code == 302 and PaymentChannel.all_objects.get(pk=channel.pk).void_reason == "测试数据"
    assert client.get(changelist + "?voided=yes").context["cl"].result_count == 1
    assert client.get(f"/admin/campaign/activityday/{day.pk}/delete/").status_code == 403
    assert client.get("/admin/campaign/activityday/?voided=no").context["cl"].result_count == 1
