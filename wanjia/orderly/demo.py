"""Demo orderly power use: load data for the non-resident customers of the first counties, gap forecasts with
their warnings, two published plans (one closed with compliance records, one published last days) and a draft
for the coming days, so p010101's manager and dispatcher see real figures on first start."""
import datetime as dt

from django.utils import timezone

from wanjia.core.demo import DemoContext
from wanjia.customers.models import CustomerClass
from wanjia.orderly import services
from wanjia.orderly.models import Allocation, LoadProfile, PolicyTier, ShiftOption

COUNTIES = 3
HEAVY = ("水泥", "矿业", "建材")  # high-energy users: restricted first


def _profiles(ctx: DemoContext, county) -> float:
    """Load profiles for the county's non-resident customers; returns their total typical peak (kW)."""
    from wanjia.customers.models import Customer

    rng = ctx.rng
    tiers = {t.code: t for t in PolicyTier.objects.all()}
    shifts = list(ShiftOption.objects.all())
    customers = list(Customer.objects.filter(station__path__startswith=county.path)
                     .exclude(customer_class=CustomerClass.RESIDENT).order_by("account_number"))
    profiles = []
    for c in customers:
        hv = c.customer_class in (CustomerClass.HV_SINGLE, CustomerClass.HV_DUAL)
        peak = round(rng.uniform(400, 4000) if hv else rng.uniform(20, 200), 1)
        security = round(peak * rng.uniform(0.05, 0.2), 1)
        if c.is_protected_load:
            tier, curtailable = tiers["protected"], 0.0
        else:
            tier = tiers["restricted"] if any(w in c.name for w in HEAVY) or rng.random() < 0.1 else tiers["general"]
            curtailable = round((peak - security) * rng.uniform(0.3, 0.7), 1)
        profiles.append(LoadProfile(customer=c, tier=tier, contracted_capacity_kw=round(peak * rng.uniform(1.2, 1.6)),
                                    peak_load_kw=peak, security_load_kw=security, curtailable_load_kw=curtailable,
                                    contact=c.name[:2] + "电工"))
    LoadProfile.objects.bulk_create(profiles)
    through = LoadProfile.shifts.through
    through.objects.bulk_create([through(loadprofile_id=p.pk, shiftoption_id=s.pk) for p in profiles
                                 for s in rng.sample(shifts, rng.randint(0, 2))])
    return sum(p.peak_load_kw for p in profiles)


def _gaps(actor, county, day: dt.date, shares: dict[int, float], max_demand: float) -> None:
    """A day-ahead forecast, all 24 hours: {hour: share of the maximum demand}, no gap in the other hours."""
    tz = timezone.get_current_timezone()
    for hour in range(24):
        share = shares.get(hour, 0.0)
        start = dt.datetime.combine(day, dt.time(hour), tz)
        services.forecast_create(actor=actor, unit=county, start=start, end=start + dt.timedelta(hours=1),
                                 max_demand_kw=round(max_demand), gap_kw=round(max_demand * share),
                                 note="省调度中心日前预测")


def _published(ctx, actor, county, day: dt.date, *, closed: bool) -> None:
    plan = services.plan_create(actor=actor, unit=county, start_date=day, end_date=day,
                                title=f"{county.name[:4]}{day:%m月%d日}有序用电方案")
    services.plan_approve(actor=actor, plan=plan, note="经理审批")
    first = plan.periods.order_by("start").first()
    services.plan_publish(actor=actor, plan=plan, now=first.start - dt.timedelta(hours=30))
    readings = {}
    for alloc in Allocation.objects.filter(period__plan=plan):
        factor = ctx.rng.uniform(0.8, 1.0) if ctx.rng.random() < 0.85 else ctx.rng.uniform(1.05, 1.3)
        readings[alloc.pk] = round(alloc.load_limit_kw * factor, 1)
    services.compliance_record(actor=actor, plan=plan, readings=readings, now=ctx.now)
    if closed:
        services.plan_close(actor=actor, plan=plan, now=ctx.now, note="执行完毕")


def build(ctx: DemoContext) -> None:
    today = timezone.localdate(ctx.now)
    for index, county in enumerate(ctx.counties[:COUNTIES]):
        peak = _profiles(ctx, county)
        if not peak:
            continue
        actor = ctx.users.get(f"{county.code.lower()}.manager") or ctx.users["admin"]
        max_demand = peak / 0.55  # the enterprises' share of the county's peak; residents are the rest
        if index == 0:
            _gaps(actor, county, today - dt.timedelta(days=8), {10: 0.04, 11: 0.07, 19: 0.09, 20: 0.06}, max_demand)
            _published(ctx, actor, county, today - dt.timedelta(days=8), closed=True)
            _gaps(actor, county, today - dt.timedelta(days=2), {10: 0.06, 11: 0.11, 19: 0.13, 20: 0.08}, max_demand)
            _published(ctx, actor, county, today - dt.timedelta(days=2), closed=False)
        for offset, shares in ((3, {10: 0.05, 11: 0.09, 12: 0.07, 19: 0.15, 20: 0.24, 21: 0.12}),
                               (4, {11: 0.06, 19: 0.12, 20: 0.16})):
            _gaps(actor, county, today + dt.timedelta(days=offset), shares, max_demand)
        if index == 0:
            services.plan_create(actor=actor, unit=county, start_date=today + dt.timedelta(days=3),
                                 end_date=today + dt.timedelta(days=4),
                                 title=f"{county.name[:4]}迎峰度夏有序用电方案(草稿)")
    ctx.say(f"  orderly: {LoadProfile.objects.count()} load profiles in {COUNTIES} counties, plans for "
            f"{ctx.counties[0].code}")
