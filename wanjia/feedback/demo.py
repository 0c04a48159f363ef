"""Demo forums (May and November, as the plan names) and feedback from every channel for the campaign of
campaign/demo.py, most answered and told back to the person, some still open or overdue, a few portal items
waiting for triage; then the summary report of the bureau and of the first county."""
import datetime as dt

from django.db import transaction
from django.utils import timezone

from wanjia.campaign.demo import actors, campaign_counties, demo_campaign
from wanjia.campaign.report import report_generate
from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer
from wanjia.feedback import services
from wanjia.feedback.models import AttendeeKind, FeedbackEvent, FeedbackItem
from wanjia.org.models import Unit, UnitKind

OPINIONS = [
    ("supply_quality", "村里晚上用电高峰电压低,电器启动不了"),
    ("supply_quality", "夏天频繁跳闸停电"),
    ("outage", "计划停电通知没有提前收到"),
    ("repair", "报修后抢修人员到得慢"),
    ("connection", "新建厂房报装手续多、时间长"),
    ("billing", "希望村里增设缴费点,老人不会手机缴费"),
    ("billing", "电费单看不懂阶梯电价"),
    ("metering", "怀疑电表走得快,申请校验"),
    ("safety", "村口电杆倾斜有安全隐患"),
    ("service", "营业厅中午休息,上班族办事不便"),
    ("facilities", "小区配电房老旧,希望改造"),
]
ANSWERS = ["已列入台区改造计划,年底前完成", "已安排现场核查并处理完毕", "已调整工作安排,并向客户说明",
           "已增设代收点,并上门指导手机缴费", "已说明政策并提供书面材料"]
ATTENDEES = [(AttendeeKind.RESIDENT, 5), (AttendeeKind.ENTERPRISE, 3), (AttendeeKind.COMMUNITY, 2),
             (AttendeeKind.DEPUTY, 1), (AttendeeKind.GOVERNMENT, 1)]


@transaction.atomic  # one commit: thousands of small ones are slow on SQLite
def build(ctx: DemoContext) -> None:
    campaign = demo_campaign(ctx)
    if campaign is None:
        return
    today = timezone.localdate(ctx.now)
    year = campaign.start_date.year
    for county in campaign_counties(ctx):
        who = actors(ctx, county)
        stations = list(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.STATION))
        customers = list(Customer.objects.filter(station__path__startswith=county.path)[:40])
        for month, day in ((5, 20), (11, 18)):
            date = min(dt.date(year, month, day), today)
            forum = services.forum_create(unit=county, title=f"{year}年{month}月客户座谈会", date=date,
                                          place=f"{county.name[:4]}县供电公司会议室", actor=who["manager"],
                                          campaign=campaign)
            attendees = [(c.name, kind, c) if kind in (AttendeeKind.RESIDENT, AttendeeKind.ENTERPRISE) else
                         (f"{county.name[:4]}{kind.label}{i + 1}", kind, None)
                         for kind, n in ATTENDEES for i, c in enumerate(ctx.rng.sample(customers, n))]
            services.forum_record_held(forum=forum, actor=who["manager"], attendees=attendees,
                                       minutes=f"座谈会听取客户意见建议{len(attendees)}人次,逐条登记并明确责任单位和答复期限。")
            for topic, content in ctx.rng.sample(OPINIONS, ctx.rng.randint(4, 7)):
                person = ctx.rng.choice(customers)
                item = services.forum_opinion_record(forum=forum, content=content, topic=topic,
                                                     unit=ctx.rng.choice(stations + [county]), actor=who["manager"],
                                                     name=person.name, phone=person.phone, customer=person)
                _progress(ctx, item, who, resolve=0.9 if month == 5 else 0.4)
        for channel in ("counter", "hotline", "web", "counter", "hotline"):
            topic, content = ctx.rng.choice(OPINIONS)
            item = services.feedback_item_create(channel=channel, content=content, topic=topic,
                                                 name=ctx.rng.choice(customers).name, phone="1380000" + str(
                                                     ctx.rng.randint(1000, 9999)),
                                                 unit=ctx.rng.choice(stations), actor=who["counter"])
            _backdate(item, ctx.rng.randint(1, 40))
            _progress(ctx, item, who, resolve=0.6)
    for topic, content in ctx.rng.sample(OPINIONS, 3):
        services.feedback_item_create(channel="portal", content=content, name="网上留言", phone="13900001234")
    ctx.say(f"  feedback: {FeedbackItem.objects.count()} items")
    first = campaign_counties(ctx)[0]
    report_generate(campaign=campaign, unit=campaign.unit, actor=ctx.users["prefecture"])
    manager = ctx.users.get(f"{first.code.lower()}.manager")
    if manager is not None:
        report_generate(campaign=campaign, unit=first, actor=manager)


def _backdate(item: FeedbackItem, days: int) -> None:
    """A counter or hotline item received `days` ago, its deadline counted from then."""
    from wanjia.commitments.services import other_limit_deadline

    received = item.received_at - dt.timedelta(days=days)
    FeedbackItem.objects.filter(pk=item.pk).update(
        received_at=received, assigned_at=received, deadline=other_limit_deadline("complaint_reply", received))
    FeedbackEvent.objects.filter(item=item).update(at=received)
    item.refresh_from_db()


def _progress(ctx, item: FeedbackItem, who: dict, *, resolve: float) -> None:
    roll = ctx.rng.random()
    if roll > resolve + 0.1:
        return  # still being handled (overdue once its deadline has passed)
    services.feedback_item_answer(item=item, answer=ctx.rng.choice(ANSWERS), actor=who["manager"])
    if roll > resolve:
        return  # answered, not yet told to the person
    services.feedback_item_deliver(item=item, method=ctx.rng.choice(["phone", "visit", "meeting"]),
                                   actor=who["counter"], note="已告知本人,客户表示认可")
