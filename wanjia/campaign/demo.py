"""Demo: one full 为民服务 创先争优 campaign of the first prefecture bureau, modelled on the plan: launched on
an activity day in April, walk-ins and forums from May, rectification from August, summary from November.
This part builds the campaign, phases, tasks, activity days, party branches and pairing, assessments and good
practices; outreach/demo.py and feedback/demo.py add the visits, hazards, forums and feedback."""
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wanjia.campaign import services
from wanjia.campaign.models import (Assessment, Campaign, GoalMeasure, GroupKind, LeadingRole, PairingVisit,
                                    PartyMember, PhaseKind, RequirementKind, ScorecardItem, Task)
from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.org.models import Unit, UnitKind

GIVEN = "伟芳娜敏静强磊军洋勇艳杰娟涛明超霞平刚华"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
TASKS = {
    PhaseKind.LAUNCH: ["成立活动领导小组和办公室", "制定实施方案并上报", "召开动员大会"],
    PhaseKind.SURVEY: ["完成「六走进」走访计划", "召开客户座谈会", "支部结对全覆盖"],
    PhaseKind.RECTIFICATION: ["隐患整改销号", "开展自查自纠", "迎接上级检查"],
    PhaseKind.SUMMARY: ["提交活动总结和典型经验", "评选表彰先进"],
}
LEADING_GROUP = [
    (LeadingRole.LEADER, "赵建国", "局长", "全面负责"),
    (LeadingRole.DEPUTY, "钱卫东", "党委书记", "党工团结对、宣传"),
    (LeadingRole.DEPUTY, "孙立新", "分管副局长", "「六走进」和隐患整改"),
    (LeadingRole.MEMBER, "李红梅", "市场营销部主任", "客户座谈会、意见反馈"),
    (LeadingRole.MEMBER, "周海涛", "生产技术部主任", "抢修和业扩时限"),
    (LeadingRole.OFFICE, "吴晓燕", "活动办公室主任(设在市场营销部)", "日常联络、进度通报、总结"),
]
PRACTICES = [
    ("台区经理微信群", "每个台区建立客户微信群,停电、检修信息一键通知,客户咨询当日答复。"),
    ("困难家庭「电管家」", "党员与困难家庭结对,每季度上门检查线路,免费更换老化开关插座。"),
    ("医院保电「一院一策」", "为县医院制定保电方案,双电源切换每季度联合演练。"),
    ("流动营业厅进村", "每月逢集日流动营业厅进村,现场办理报装、缴费和咨询。"),
]
IMPROVEMENTS = [
    ("process", "低压业扩「一证受理」", "居民和低压非居民报装只需身份证明,其余资料由供电所上门收集。"),
    ("rule", "抢修夜间双人值班制度", "夜间抢修值班由一人改为两人,到达现场时限考核纳入月度绩效。"),
    ("process", "投资界面登记", "每件业扩在答复供电方案时登记产权分界点和出资方,稽核人员每月抽查。"),
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
        PhaseKind.LAUNCH: (start, dt.date(start.year, 5, 15), "成立领导小组,制定方案,召开动员大会,社会活动日启动。"),
        PhaseKind.SURVEY: (dt.date(start.year, 5, 16), dt.date(start.year, 7, 31),
                           "「六走进」走访、客户座谈会、支部结对,收集意见和隐患。"),
        PhaseKind.RECTIFICATION: (dt.date(start.year, 8, 1), dt.date(start.year, 10, 31),
                                  "隐患整改销号,自查自纠,迎接上级检查。"),
        PhaseKind.SUMMARY: (dt.date(start.year, 11, 1), end, "第二次座谈会,总结经验,评选表彰。"),
    }
    campaign = services.campaign_create(
        name=f"{start.year}年「为民服务 创先争优」活动", unit=bureau, start_date=start, end_date=end, actor=office,
        goals="以客户为中心,「六走进」全覆盖,隐患整改率100%,客户意见答复率100%,「五到位」全面落实。",
        leading_group="组长:局长;副组长:党委书记、分管副局长;成员:各部门、各县公司主要负责人;办公室设在市场营销部。",
        phases=phases,
        goal_items=[("支部结对覆盖率达到100%", "branch_pairing", 1.0), ("结对客户每季度至少走访一次", "member_visits", 1.0),
                    ("抢修按时到达率不低于98%", "repair_response", 0.98),
                    ("业扩各环节按时完成率100%", "connection_efficiency", 1.0)],
    )
    for role, name, position, duty in LEADING_GROUP:
        services.leading_member_add(campaign=campaign, role=role, name=name, position=position, duty=duty,
                                    actor=office)
    services.goal_create(campaign=campaign, text="各县公司每年召开客户座谈会不少于2次", measure=GoalMeasure.COUNT,
                         count_code="forums_held", target=2 * len(campaign_counties(ctx)), actor=office)
    _requirements(campaign, office)
    for kind, titles in TASKS.items():  # the bureau's tasks, handed down to every county
        phase = campaign.phases.get(kind=kind)
        for title in titles:
            services.task_create(phase=phase, unit=bureau, title=title, owner=office, actor=office,
                                 due_date=min(phase.end_date, campaign.end_date), cascade_kind=UnitKind.COUNTY)
    services.activity_day_record(
        campaign=campaign, unit=bureau, date=start, place=f"{bureau.name[:2]}市人民广场", actor=office,
        units=campaign_counties(ctx), commitments="公开供电服务「十项承诺」和「五到位」要求,公布监督电话。",
        materials="安全用电手册、缴费指南、十项承诺宣传单", materials_count=3000, attendance=420)
    for county in campaign_counties(ctx):
        _county(ctx, campaign, county, today)
    ctx.say(f"  campaign: {Task.objects.count()} tasks, {PartyMember.objects.count()} party members")


def _requirements(campaign: Campaign, actor) -> None:
    """The plan's dated requirements: forums in May and November, the launch activity day, each walk-in
    category in the concentrated August–September round, self-inspection during rectification, tasks."""
    year = campaign.start_date.year
    rows = [(RequirementKind.FORUM, "5月客户座谈会", dt.date(year, 5, 1), dt.date(year, 5, 31), ""),
            (RequirementKind.FORUM, "11月客户座谈会", dt.date(year, 11, 1), dt.date(year, 11, 30), ""),
            (RequirementKind.ACTIVITY_DAY, "社会活动日", campaign.start_date, dt.date(year, 6, 30), "")]
    rows += [(RequirementKind.WALK_IN, f"走进{c.label}(8–9月)", dt.date(year, 8, 1), dt.date(year, 9, 30), c.value)
             for c in WalkInCategory]
    rows += [(RequirementKind.SELF_INSPECTION, "自查自纠", dt.date(year, 8, 1), dt.date(year, 10, 31), ""),
             (RequirementKind.TASKS, "阶段任务", campaign.start_date, campaign.end_date, "")]
    for order, (kind, name, start, end, category) in enumerate(rows):
        services.requirement_create(campaign=campaign, kind=kind, name=name, start_date=start, end_date=end,
                                    category=category, order=order, actor=actor)


def _county(ctx, campaign, county, today) -> None:
    rng = ctx.rng
    who = actors(ctx, county)
    stations = list(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.STATION))
    for task in Task.objects.filter(phase__campaign=campaign, unit=county).select_related("phase"):
        if task.due_date < today and rng.random() < 0.9 or task.phase.start_date <= today and rng.random() < 0.3:
            services.task_complete(task=task, actor=who["manager"], note="已按要求完成,资料已归档。")
    services.activity_day_record(
        campaign=campaign, unit=county, date=dt.date(campaign.start_date.year, 6, 16), actor=who["manager"],
        place=f"{county.name[:4]}县城中心广场", commitments="现场受理报装、缴费、咨询;公布台区经理电话。",
        materials="安全用电宣传册", materials_count=rng.randint(300, 800), attendance=rng.randint(80, 260),
        units=stations)
    # Party branches: one per station and one at the county, each with members; most paired with customers.
    customers = list(Customer.objects.filter(station__path__startswith=county.path).exclude(walk_in_category="")
                     .select_related("station").order_by("account_number")[:200])
    visits = []  # bulk: the demo's hundreds of visit logs need no per-row checks
    for unit in [county, *stations]:
        members = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(rng.randint(3, 6))]
        branch = services.branch_create(unit=unit, name=f"{unit.name}党支部", actor=ctx.users["prefecture"],
                                        secretary=who["secretary"] if unit == county else None, members=members)
        local = [c for c in customers if c.station.path.startswith(unit.path)]
        if not local or unit != county and rng.random() < 0.2:
            continue  # a branch not yet paired (or with no customer in its area): shows in the coverage gaps
        for member in branch.members.all():
            if rng.random() < 0.15:
                continue
            pairing = services.pairing_create(branch=branch, member=member, customer=rng.choice(local),
                                              started_on=campaign.start_date, actor=ctx.users["prefecture"])
            visits.extend(
                PairingVisit(pairing=pairing, date=day, visitor=who["secretary"],
                             content=rng.choice(["上门检查室内线路", "宣传安全用电和节约用电", "了解用电需求,帮助办理增容",
                                                 "帮助更换老化插座"]),
                             help_given=rng.choice(["", "更换插座2个", "协助办理峰谷电价"]))
                for day in (dt.date(campaign.start_date.year, month, rng.randint(1, 28)) for month in range(5, 13))
                if day <= today and rng.random() >= 0.35)
    # The union's 工人先锋队 and the youth league's volunteers pair with customers too (五到位 item 1).
    for kind, label in ((GroupKind.WORKER_VANGUARD, "工人先锋队"), (GroupKind.YOUTH_VOLUNTEERS, "青年志愿者服务队")):
        members = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(3)]
        group = services.branch_create(unit=county, name=f"{county.name[:4]}{label}", kind=kind, members=members,
                                       secretary=who["secretary"], actor=ctx.users["prefecture"])
        for member in group.members.all()[:2]:
            services.pairing_create(branch=group, member=member, customer=rng.choice(customers),
                                    started_on=campaign.start_date, actor=ctx.users["prefecture"])
    PairingVisit.objects.bulk_create(visits)
    # Assessments for items the data cannot score, this month and last, by the bureau.
    items = list(ScorecardItem.objects.exclude(code__in=["branch_pairing", "member_visits"]))
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    Assessment.objects.bulk_create(
        [Assessment(unit=county, month=month, item=item, score=Decimal(f"{rng.uniform(6.5, 10):.1f}"),
                    assessor=ctx.users["province"],
                    evidence=rng.choice(["现场检查,资料齐全", "暗访2次,发现1处不足已整改", "抽查工单10张,全部合格",
                                         "客户回访满意率95%", "台账完整,措施落实"]))
         for month in (last_month, this_month) for item in items]
        + [Assessment(unit=station, month=this_month, item=item, score=Decimal(f"{rng.uniform(6, 10):.1f}"),
                      evidence="县公司月度检查", assessor=ctx.users["prefecture"])
           for station in stations for item in items[:4]])
    for title, description in rng.sample(PRACTICES, 2):
        services.good_practice_record(campaign=campaign, unit=rng.choice(stations), title=title,
                                      description=description, actor=who["manager"],
                                      recorded_on=min(today, campaign.end_date))
    kind, title, description = rng.choice(IMPROVEMENTS)
    services.improvement_record(campaign=campaign, unit=county, kind=kind, title=title, description=description,
                                effective_on=min(today, campaign.end_date) - dt.timedelta(days=rng.randint(10, 90)),
                                actor=who["manager"])
