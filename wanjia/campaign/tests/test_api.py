from django.utils import timezone

from wanjia.campaign.testing import make_campaign
from wanjia.core.testing import api_client, make_user
from wanjia.org.models import Role


def test_campaign_is_seen_by_participants_below_the_owner(tree):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    a = api_client(tree.a.users[Role.CREW]).get("/api/v1/campaign/campaigns/").json()
    assert [c["id"] for c in a["results"]] == [campaign.pk]
    assert len(a["results"][0]["phases"]) == 4
    progress = api_client(tree.a.users[Role.MANAGER]).get(f"/api/v1/campaign/campaigns/{campaign.pk}/progress/")
    assert {r["unit"] for r in progress.json()} == {tree.a.station.code, tree.a.rural_station.code,
                                                    tree.a.remote_station.code, tree.a.hall.code}
    own = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    b = api_client(tree.b.users[Role.MANAGER]).get("/api/v1/campaign/campaigns/").json()
    assert [c["id"] for c in b["results"]] == [campaign.pk]  # not county A's own campaign
    assert api_client(tree.b.users[Role.MANAGER]).get(f"/api/v1/campaign/campaigns/{own.pk}/").status_code == 404


def test_assessment_and_ranking_over_the_api(tree):
    client = api_client(tree.province_manager)
    month = timezone.localdate().replace(day=1).isoformat()
    bad = client.post("/api/v1/campaign/assessments/", {"unit": tree.a.unit.code, "month": month,
                                                        "item": "convenience_services", "score": "12", "evidence": "x"})
    assert bad.status_code == 400 and "score" in bad.json()["fields"]
    ok = client.post("/api/v1/campaign/assessments/", {"unit": tree.a.unit.code, "month": month,
                                                       "item": "convenience_services", "score": "9.5", "evidence": "暗访"})
    assert ok.status_code == 201, ok.json()
    prefecture_manager = make_user("pm", tree.prefecture, Role.MANAGER)
    ranking = api_client(prefecture_manager).get("/api/v1/campaign/assessments/ranking/").json()
    assert [r["unit"] for r in ranking] == [tree.a.unit.code, tree.b.unit.code]
    item = next(i for i in ranking[0]["items"] if i["code"] == "convenience_services")
    assert item["score"] == 9.5 and item["basis"] == "assessment" and "暗访" in item["evidence"]
    own = api_client(tree.a.users[Role.MANAGER]).post("/api/v1/campaign/assessments/", {
        "unit": tree.a.unit.code, "month": month, "item": "convenience_services", "score": "10", "evidence": "自评"})
    assert own.status_code == 400 and "unit" in own.json()["fields"]


def test_good_practices_and_improvements_are_recorded_over_the_api(tree):
    """The summary's two record kinds: a secretary files them for a unit of the campaign, in scope only."""
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    secretary = api_client(tree.a.users[Role.BRANCH_SECRETARY])
    practice = secretary.post("/api/v1/campaign/good-practices/", {
        "campaign": campaign.pk, "unit": tree.a.station.code, "title": "台区经理微信群", "description": "<b>及时</b>"},
        format="json")
    assert practice.status_code == 201, practice.json()
    assert practice.json()["recorded_on"] == timezone.localdate().isoformat()
    improvement = secretary.post("/api/v1/campaign/improvements/", {
        "campaign": campaign.pk, "unit": tree.a.station.code, "kind": "process", "title": "报装一证受理",
        "description": "电压<198V 的投诉当日转办", "effective_on": timezone.localdate().isoformat()}, format="json")
    assert improvement.status_code == 201, improvement.json()
    listed = secretary.get(f"/api/v1/campaign/improvements/?campaign={campaign.pk}").json()["results"]
    assert [(i["title"], i["kind"], i["unit"]) for i in listed] == [("报装一证受理", "process", tree.a.station.code)]

    missing = secretary.post("/api/v1/campaign/improvements/", {"campaign": campaign.pk, "unit": tree.a.station.code},
                             format="json")
    assert missing.status_code == 400
    assert {"kind", "title", "description", "effective_on"} <= set(missing.json()["fields"])
    other_county = secretary.post("/api/v1/campaign/good-practices/", {
        "campaign": campaign.pk, "unit": tree.b.station.code, "title": "x", "description": "y"}, format="json")
    assert other_county.status_code == 400 and "unit" in other_county.json()["fields"]
    # County B sees neither of county A's records; a crew member reads but cannot record.
    assert api_client(tree.b.users[Role.MANAGER]).get("/api/v1/campaign/good-practices/").json()["results"] == []
    crew = api_client(tree.a.users[Role.CREW])
    assert len(crew.get("/api/v1/campaign/good-practices/").json()["results"]) == 1
    assert crew.post("/api/v1/campaign/good-practices/", {"campaign": campaign.pk, "unit": tree.a.station.code,
                                                         "title": "x", "description": "y"},
                     format="json").status_code == 403
