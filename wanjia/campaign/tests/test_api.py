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
