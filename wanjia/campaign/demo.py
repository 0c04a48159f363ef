"""Demo: one full 為民服務 創先爭優 campaign of the first prefecture bureau, modelled on the plan: launched on
an activity day in April, walk-ins and forums from May, rectification from August, summary from November.
This part builds the campaign, phases, tasks, activity days, party branches and pairing, assessments and good
practices; outreach/demo.py and feedback/demo.py add the visits, hazards, forums and feedback."""
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wanjia.campaign import services
from wanjia.campaign.models import (Assessment, Campaign, PairingVisit, PartyMember, PhaseKind, ScorecardItem,
                                    Task)
from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer
from wanjia.org.models import Unit, UnitKind

GIVEN = "偉芳娜敏靜強磊軍洋勇艷傑娟濤明超霞平剛華"
SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅"
TASKS = {
    PhaseKind.LAUNCH: ["成立活動領導小組和辦公室", "制定實施方案並上報", "召開動員大會"],
    PhaseKind.SURVEY: ["完成「六走進」走訪計劃", "召開客戶座談會", "支部結對全覆蓋"],
    PhaseKind.RECTIFICATION: ["隱患整改銷號", "開展自查自糾", "迎接上級檢查"],
    PhaseKind.SUMMARY: ["提交活動總結和典型經驗", "評選表彰先進"],
}
PRACTICES = [
    ("台區經理微信群", "每個台區建立客戶微信群,停電、檢修信息一鍵通知,客戶諮詢當日答復。"),
    ("困難家庭「電管家」", "黨員與困難家庭結對,每季度上門檢查線路,免費更換老化開關插座。"),
    ("醫院保電「一院一策」", "為縣醫院制定保電方案,雙電源切換每季度聯合演練。"),
    ("流動營業廳進村", "每月逢集日流動營業廳進村,現場辦理報裝、繳費和諮詢。"),
]


def campaign_dates(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """April to December of the year whose November has begun (so the November forum has taken place)."""
    today = timezone.localdate(now)
    year = today.year if today.month >= 11 else today.year - 1
    return dt.date(year, 4, 15), dt.date(year, 12, 31)


def demo_campaign(ctx: DemoContext) -> Campaign:
    return Campaign.objects.filter(unit=ctx.prefectures[0]).order_by("pk").first()


def actors(ctx: DemoContext, county: Unit) -> dict:
    """Who does what in a county: its own demo users where they exist, else the bureau's managers."""
    code = county.code.lower()
    fallback = {"manager": ctx.users["prefecture"], "crew": ctx.users["prefecture"],
                "verifier": ctx.users["province"], "secretary": ctx.users["prefecture"],
                "counter": ctx.users["prefecture"]}
    if f"{code}.manager" not in ctx.users:
        return fallback
    return {"manager": ctx.users[f"{code}.manager"], "crew": ctx.users[f"{code}.crew1"],
            "verifier": ctx.users[f"{code}.manager"], "secretary": ctx.users[f"{code}.secretary"],
            "counter": ctx.users[f"{code}.counter"]}


def campaign_counties(ctx: DemoContext) -> list[Unit]:
    return [c for c in ctx.counties if c.path.startswith(ctx.prefectures[0].path)]


@transaction.atomic  # one commit: thousands of small ones are slow on SQLite
def build(ctx: DemoContext) -> None:
    today = timezone.localdate(ctx.now)
    start, end = campaign_dates(ctx.now)
    bureau = ctx.prefectures[0]
    office = ctx.users["prefecture"]
    phases = {
        PhaseKind.LAUNCH: (start, dt.date(start.year, 5, 15), "成立領導小組,制定方案,召開動員大會,社會活動日啟動。"),
        PhaseKind.SURVEY: (dt.date(start.year, 5, 16), dt.date(start.year, 7, 31),
                           "「六走進」走訪、客戶座談會、支部結對,收集意見和隱患。"),
        PhaseKind.RECTIFICATION: (dt.date(start.year, 8, 1), dt.date(start.year, 10, 31),
                                  "隱患整改銷號,自查自糾,迎接上級檢查。"),
        PhaseKind.SUMMARY: (dt.date(start.year, 11, 1), end, "第二次座談會,總結經驗,評選表彰。"),
    }
    campaign = services.campaign_create(
        name=f"{start.year}年「為民服務 創先爭優」活動", unit=bureau, start_date=start, end_date=end, actor=office,
        goals="以客戶為中心,「六走進」全覆蓋,隱患整改率100%,客戶意見答復率100%,「五到位」全面落實。",
        leading_group="組長:局長;副組長:黨委書記、分管副局長;成員:各部門、各縣公司主要負責人;辦公室設在市場營銷部。",
        phases=phases,
        goal_items=[("支部結對覆蓋率達到100%", "branch_pairing", 1.0), ("結對客戶每季度至少走訪一次", "member_visits", 1.0),
                    ("搶修按時到達率不低於98%", "repair_response", 0.98),
                    ("業擴各環節按時完成率100%", "connection_efficiency", 1.0)],
    )
    services.activity_day_record(
        campaign=campaign, unit=bureau, date=start, place=f"{bureau.name[:2]}市人民廣場", actor=office,
        units=campaign_counties(ctx), commitments="公開供電服務「十項承諾」和「五到位」要求,公布監督電話。",
        materials="安全用電手冊、繳費指南、十項承諾宣傳單", materials_count=3000, attendance=420)
    for county in campaign_counties(ctx):
        _county(ctx, campaign, county, today)
    ctx.say(f"  campaign: {Task.objects.count()} tasks, {PartyMember.objects.count()} party members")


def _county(ctx, campaign, county, today) -> None:
    rng = ctx.rng
    who = actors(ctx, county)
    stations = list(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.STATION))
    for kind, titles in TASKS.items():
        phase = campaign.phases.get(kind=kind)
        for title in titles:
            due = min(phase.end_date, campaign.end_date)
            task = services.task_create(phase=phase, unit=county, title=title, owner=who["manager"], due_date=due,
                                        actor=ctx.users["prefecture"])
            if due < today and rng.random() < 0.9 or phase.start_date <= today and rng.random() < 0.3:
                services.task_complete(task=task, actor=who["manager"], note="已按要求完成,資料已歸檔。")
    services.activity_day_record(
        campaign=campaign, unit=county, date=dt.date(campaign.start_date.year, 6, 16), actor=who["manager"],
        place=f"{county.name[:4]}縣城中心廣場", commitments="現場受理報裝、繳費、諮詢;公布台區經理電話。",
        materials="安全用電宣傳冊", materials_count=rng.randint(300, 800), attendance=rng.randint(80, 260),
        units=stations)
    # Party branches: one per station and one at the county, each with members; most paired with customers.
    customers = list(Customer.objects.filter(station__path__startswith=county.path).exclude(walk_in_category="")
                     .select_related("station").order_by("account_number")[:200])
    visits = []  # bulk: the demo's hundreds of visit logs need no per-row checks
    for unit in [county, *stations]:
        members = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(rng.randint(3, 6))]
        branch = services.branch_create(unit=unit, name=f"{unit.name}黨支部", actor=ctx.users["prefecture"],
                                        secretary=who["secretary"] if unit == county else None, members=members)
        local = [c for c in customers if c.station.path.startswith(unit.path)] or customers
        if unit != county and rng.random() < 0.2:
            continue  # a branch not yet paired: shows in the coverage gaps
        for member in branch.members.all():
            if rng.random() < 0.15:
                continue
            pairing = services.pairing_create(branch=branch, member=member, customer=rng.choice(local),
                                              started_on=campaign.start_date, actor=ctx.users["prefecture"])
            visits.extend(
                PairingVisit(pairing=pairing, date=day, visitor=who["secretary"],
                             content=rng.choice(["上門檢查室內線路", "宣傳安全用電和節約用電", "了解用電需求,幫助辦理增容",
                                                 "幫助更換老化插座"]),
                             help_given=rng.choice(["", "更換插座2個", "協助辦理峰谷電價"]))
                for day in (dt.date(campaign.start_date.year, month, rng.randint(1, 28)) for month in range(5, 13))
                if day <= today and rng.random() >= 0.35)
    PairingVisit.objects.bulk_create(visits)
    # Assessments for items the data cannot score, this month and last, by the bureau.
    items = list(ScorecardItem.objects.exclude(code__in=["branch_pairing", "member_visits"]))
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    Assessment.objects.bulk_create(
        [Assessment(unit=county, month=month, item=item, score=Decimal(f"{rng.uniform(6.5, 10):.1f}"),
                    assessor=ctx.users["province"],
                    evidence=rng.choice(["現場檢查,資料齊全", "暗訪2次,發現1處不足已整改", "抽查工單10張,全部合格",
                                         "客戶回訪滿意率95%", "台賬完整,措施落實"]))
         for month in (last_month, this_month) for item in items]
        + [Assessment(unit=station, month=this_month, item=item, score=Decimal(f"{rng.uniform(6, 10):.1f}"),
                      evidence="縣公司月度檢查", assessor=ctx.users["prefecture"])
           for station in stations for item in items[:4]])
    for title, description in rng.sample(PRACTICES, 2):
        services.good_practice_record(campaign=campaign, unit=rng.choice(stations), title=title,
                                      description=description, actor=who["manager"],
                                      recorded_on=min(today, campaign.end_date))
