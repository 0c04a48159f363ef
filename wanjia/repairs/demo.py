"""Demo repair desk: two crews per station, a season (90 days back) of repair orders in every state with
their events and callbacks, the outages behind them plus two years of outage history (so the 2.5β major
event day test has data), a storm day, planned outages ahead, and open orders in county p010101 that are
on time, at risk and overdue so the board shows real figures. Bulk inserts throughout."""
import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from wanjia.commitments.services import active_policy_set
from wanjia.core.demo import DemoContext
from wanjia.customers.demo import VILLAGES
from wanjia.customers.models import Customer
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import AreaType
from wanjia.repairs.models import (Callback, Crew, FaultCategory, FollowUp, Open311Client, OrderCounter, OrderStatus,
                                   Outage, PlaceKind, PlaceName, RepairOrder, RepairOrderEvent, Satisfaction)
from wanjia.repairs.selectors import affected_places

SEASON_DAYS = 90
HISTORY_DAYS = 730
BATCH = 2000
RESOLUTIONS = ["更换跌落式熔断器熔丝", "更换表前开关", "紧固接头", "更换损坏电能表", "修复断线", "处理树障后送电",
               "更换低压电缆头", "调整变压器分接头"]
DESCRIPTIONS = {
    "no_power": ["家里突然没电了", "整个屋子停电", "店铺没电,冰柜停了"],
    "area_outage": ["整个小区都停电了", "全村停电", "一整条街没电"],
    "low_voltage": ["晚上灯很暗,电器带不动", "电压忽高忽低"],
    "meter": ["电表不走字", "表箱烧黑了", "电表显示异常"],
    "line_down": ["路边电线断了掉在地上", "电杆被车撞歪了", "变压器冒火花"],
    "customer_side": ["家里总开关跳闸合不上", "屋内线路冒烟"],
}
CATEGORY_WEIGHTS = [("no_power", 50), ("area_outage", 12), ("low_voltage", 10), ("meter", 12), ("line_down", 6),
                    ("customer_side", 10)]


class _Numbers:
    """Order numbers per (station, day), and the counter rows that let live intake continue after them."""

    def __init__(self):
        self.last: dict[tuple[int, dt.date], int] = defaultdict(int)

    def next(self, station, moment: dt.datetime) -> str:
        day = timezone.localtime(moment).date()
        self.last[(station.id, day)] += 1
        return f"{station.code}-{day:%Y%m%d}-{self.last[(station.id, day)]:04d}"

    def counters(self):
        return [OrderCounter(unit_id=s, date=d, last=n) for (s, d), n in self.last.items()]


def _crews(ctx: DemoContext) -> dict[int, list[Crew]]:
    crews = [Crew(station=s, name=name, phone=f"{s.phone}-{i}") for s in ctx.stations
             for i, name in enumerate(("一班", "二班"), start=1)]
    Crew.objects.bulk_create(crews, batch_size=BATCH)
    by_station = defaultdict(list)
    for crew in Crew.objects.select_related("station"):
        by_station[crew.station_id].append(crew)
    for county in ctx.counties[:2]:
        home = next(s for s in ctx.stations if s.code.startswith(county.code))
        members = [ctx.users.get(f"{county.code.lower()}.crew{i}") for i in (1, 2)]
        for crew, member in zip(by_station[home.id], members):
            if member is not None:
                crew.members.add(member)
    return by_station


def _customers(ctx: DemoContext, stations) -> dict[int, list[dict]]:
    """A sample of customers per station to be the callers (one query per station, at most 300 rows)."""
    sample = {}
    for station in stations:
        sample[station.id] = list(Customer.objects.filter(station=station).values(
            "id", "name", "phone", "address", "latitude", "longitude", "transformer_id", "feeder_id",
            "is_protected_load", "green_channel_id")[:300])
    return sample


def _pick_category(rng) -> str:
    roll = rng.uniform(0, sum(w for _c, w in CATEGORY_WEIGHTS))
    for code, weight in CATEGORY_WEIGHTS:
        roll -= weight
        if roll <= 0:
            return code
    return CATEGORY_WEIGHTS[-1][0]


def build(ctx: DemoContext) -> None:
    rng, now = ctx.rng, ctx.now
    policy = active_policy_set()
    limits = {lim.area_type: lim for lim in policy.repair_limits.all()}
    targets = {t.area_type: t for t in policy.green_repair_targets.all()}
    categories = {c.code: c for c in FaultCategory.objects.all()}
    crews = _crews(ctx)
    home_county = ctx.counties[0]
    home_stations = [s for s in ctx.stations if s.code.startswith(home_county.code)]
    # Most orders fall anywhere; a fifth in the home county so its dispatcher's pages are full.
    n_orders = max(200, ctx.scale // 10)
    callers = _customers(ctx, ctx.stations)
    transformer_size = dict(Customer.objects.filter(transformer__isnull=False).values_list("transformer")
                            .annotate(n=Count("id")).order_by())
    feeder_size = dict(Customer.objects.values_list("feeder").annotate(n=Count("id")).order_by())
    numbers = _Numbers()
    dispatcher = ctx.users.get(f"{home_county.code.lower()}.dispatcher")

    orders, outage_for_order, events_for = [], {}, []
    outages: list[tuple[Outage, list[int]]] = []
    for i in range(n_orders):
        station = rng.choice(home_stations) if i % 5 == 0 else rng.choice(ctx.stations)
        if not callers[station.id]:
            continue
        received = now - dt.timedelta(days=rng.uniform(1, SEASON_DAYS))
        order, outage, events = _closed_order(rng, now, station, received, limits[station.area_type], policy, categories,
                                              rng.choice(callers[station.id]), crews[station.id], numbers,
                                              transformer_size, targets.get(station.area_type))
        orders.append(order)
        events_for.append(events)
        if outage is not None:
            outages.append(outage)
            outage_for_order[len(orders) - 1] = len(outages) - 1
    for station in home_stations:
        green_callers = [c for c in callers[station.id] if c["green_channel_id"]]
        for k in range(4):
            # One fresh call a station from a green-channel customer (a school or hospital), where it has one.
            caller = rng.choice(green_callers) if k == 0 and green_callers else rng.choice(callers[station.id])
            order, events = _open_order(rng, station, now, limits[station.area_type], policy, categories,
                                        caller, crews[station.id], numbers, k, targets.get(station.area_type))
            orders.append(order)
            events_for.append(events)
    outages += _history_outages(rng, ctx, now, transformer_size, feeder_size)
    outages += _planned_outages(rng, home_stations, now, feeder_size)

    Outage.objects.bulk_create([o for o, _t in outages], batch_size=BATCH)
    Outage.transformers.through.objects.bulk_create(
        [Outage.transformers.through(outage_id=o.id, transformer_id=t) for o, ts in outages for t in ts],
        batch_size=BATCH)
    for order_index, outage_index in outage_for_order.items():
        orders[order_index].outage_id = outages[outage_index][0].id
    RepairOrder.objects.bulk_create(orders, batch_size=BATCH)
    OrderCounter.objects.bulk_create(numbers.counters(), batch_size=BATCH)
    events, callbacks = [], []
    home_ids = {s.id for s in home_stations}
    for order, steps in zip(orders, events_for):
        previous = ""
        for status, at in steps:
            actor = dispatcher if order.station_id in home_ids and status in (
                OrderStatus.DISPATCHED, OrderStatus.CALLBACK_DONE, OrderStatus.CLOSED) else None
            events.append(RepairOrderEvent(order_id=order.id, at=at, from_status=previous, to_status=status,
                                           actor=actor, note=order.resolution if status == OrderStatus.RESTORED else ""))
            previous = status
            if status == OrderStatus.CALLBACK_DONE:
                roll = rng.random()
                verdict = (Satisfaction.SATISFIED if roll < 0.9 else
                           Satisfaction.BASICALLY_SATISFIED if roll < 0.97 else Satisfaction.DISSATISFIED)
                callbacks.append(Callback(order_id=order.id, satisfaction=verdict, called_at=at, called_by=actor,
                                          comment="到得太慢,说明也不清楚" if verdict == Satisfaction.DISSATISFIED else ""))
    RepairOrderEvent.objects.bulk_create(events, batch_size=BATCH)
    Callback.objects.bulk_create(callbacks, batch_size=BATCH)
    closed = set(RepairOrder.objects.filter(status=OrderStatus.CLOSED).values_list("id", flat=True))
    FollowUp.objects.bulk_create([
        FollowUp(callback_id=c.id, opened_at=c.called_at,
                 closed_at=c.called_at + dt.timedelta(days=2) if c.order_id in closed else None,
                 resolution="经理上门致歉,说明延误原因" if c.order_id in closed else "")
        for c in callbacks if c.satisfaction == Satisfaction.DISSATISFIED], batch_size=BATCH)
    _open311(ctx)
    _planned_notices()
    ctx.say(f"  repairs: {len(orders)} orders, {len(outages)} outages, {Crew.objects.count()} crews")


def _open311(ctx: DemoContext) -> None:
    """An Open311 client for each of the two demo counties with a random key (printed, never a fixed string),
    each station's town as a place name so reports located by address alone find their station, and its
    villages or communities."""
    for county in ctx.counties[:2]:
        stations = [s for s in ctx.stations if s.path.startswith(county.path)]
        client = Open311Client.objects.create(name=f"{county.name}便民热线", unit=county,
                                              triage_station=stations[0] if stations else None)
        ctx.say(f"  Open311 api_key for {county.name}: {client.api_key}")
    # "<county>县<town>", as the demo customers' addresses (and callers) write it.
    PlaceName.objects.bulk_create([PlaceName(name=_town(s), code=s.code.lower(), station=s, kind=PlaceKind.TOWN)
                                   for s in ctx.stations if _town(s)], batch_size=BATCH)
    _villages(ctx)


VILLAGES_PER_STATION = 3


def _villages(ctx: DemoContext) -> None:
    """Each station's villages (communities in towns): names unique within the county (the public picks
    them by county), each fed by a run of the station's transformers and placed at their middle."""
    transformers = defaultdict(list)
    for t_id, station_id, lat, lon in (Transformer.objects.order_by("code").values_list(
            "id", "feeder__station_id", "latitude", "longitude")):
        transformers[station_id].append((t_id, lat, lon))
    places, fed_by = [], []
    for station in ctx.stations:
        urban = station.area_type == AreaType.URBAN
        first = (int(station.code[-2:]) - 1) * VILLAGES_PER_STATION
        feeding = transformers[station.id]
        run = max(1, len(feeding) // VILLAGES_PER_STATION)
        for k in range(VILLAGES_PER_STATION):
            block = feeding[k * run:(k + 1) * run if k < VILLAGES_PER_STATION - 1 else None]
            name = VILLAGES[(first + k) % len(VILLAGES)] + ("社区" if urban else "村")
            places.append(PlaceName(
                name=name, code=f"{station.code.lower()}v{k + 1}", station=station,
                kind=PlaceKind.COMMUNITY if urban else PlaceKind.VILLAGE,
                latitude=round(sum(t[1] for t in block) / len(block), 6) if block else None,
                longitude=round(sum(t[2] for t in block) / len(block), 6) if block else None))
            fed_by.append([t[0] for t in block])
    PlaceName.objects.bulk_create(places, batch_size=BATCH)
    PlaceName.transformers.through.objects.bulk_create(
        [PlaceName.transformers.through(placename_id=p.id, transformer_id=t) for p, ts in zip(places, fed_by)
         for t in ts], batch_size=BATCH)


def _planned_notices() -> None:
    """Each planned outage's notice names the villages and communities it reaches, as a bureau writes it for
    the public (who know places, not line names); written once the place names exist."""
    planned = list(Outage.objects.filter(kind=Outage.Kind.PLANNED).select_related("station")
                   .prefetch_related("transformers"))
    places = affected_places(planned)
    for outage in planned:
        names = [p.name for p in places[outage.pk]]
        outage.area_description = ("、".join(names[:5]) + ("等" if len(names) > 5 else "") + "全部客户"
                                   if names else f"{_town(outage.station)}部分地区")
    Outage.objects.bulk_update(planned, ["area_description"], batch_size=BATCH)


def _town(station) -> str:
    return (station.address or "").rpartition("市")[2] or station.name.removesuffix("供电所")


def _base(rng, station, received, limit, policy, category_code, categories, caller, numbers,
          target=None) -> RepairOrder:
    category = categories[category_code]
    urgency = min(category.urgency, 2 if caller["is_protected_load"] else 3)
    green = caller["green_channel_id"] and target is not None
    return RepairOrder(
        green_channel_id=caller["green_channel_id"],
        target_arrival_due=received + dt.timedelta(minutes=target.arrival_minutes) if green else None,
        target_restoration_minutes=target.restoration_minutes if green else None,
        number=numbers.next(station, received), channel=rng.choice(("phone_95598",) * 6 + ("counter", "web", "mobile")),
        caller_name=caller["name"], phone=caller["phone"] or "13800000000", customer_id=caller["id"],
        address=caller["address"], latitude=caller["latitude"], longitude=caller["longitude"],
        description=rng.choice(DESCRIPTIONS[category_code]), category=category, urgency=urgency, station=station,
        policy_set=policy, area_type=station.area_type, received_at=received,
        arrival_due=received + dt.timedelta(minutes=limit.arrival_minutes),
        restoration_minutes=limit.restoration_minutes,
    )


def _closed_order(rng, now, station, received, limit, policy, categories, caller, crews, numbers, transformer_size,
                  target=None):
    """An order from the season, finished (or exited) with realistic times: most arrive inside the limit."""
    code = _pick_category(rng)
    order = _base(rng, station, received, limit, policy, code, categories, caller, numbers, target)
    steps = [(OrderStatus.RECEIVED, received)]
    exit_roll = rng.random()
    if exit_roll < 0.03:
        order.status, order.closed_at, order.resolution = OrderStatus.DUPLICATE, received + dt.timedelta(minutes=3), "重复来电"
        return order, None, steps + [(order.status, order.closed_at)]
    if exit_roll < 0.05:
        order.status, order.closed_at, order.resolution = OrderStatus.CANCELLED, received + dt.timedelta(minutes=8), "客户来电告知已自行恢复"
        return order, None, steps + [(order.status, order.closed_at)]
    order.crew = rng.choice(crews)
    order.dispatched_at = received + dt.timedelta(minutes=rng.uniform(2, 10))
    order.on_the_way_at = order.dispatched_at + dt.timedelta(minutes=rng.uniform(1, 5))
    share = rng.uniform(0.25, 0.95) if rng.random() < 0.88 else rng.uniform(1.02, 1.6)
    order.arrived_at = max(order.on_the_way_at + dt.timedelta(minutes=3),
                           received + dt.timedelta(minutes=limit.arrival_minutes * share))
    if share > 1:
        order.delay_reason = rng.choice(["山路塌方绕行", "暴雨道路积水", "同时段多处故障,人员不足", "交通管制"])
    order.restoration_due = order.arrived_at + dt.timedelta(minutes=order.restoration_minutes)
    if order.target_restoration_minutes:
        order.target_restoration_due = order.arrived_at + dt.timedelta(minutes=order.target_restoration_minutes)
    steps += [(OrderStatus.DISPATCHED, order.dispatched_at), (OrderStatus.ON_THE_WAY, order.on_the_way_at),
              (OrderStatus.ARRIVED, order.arrived_at)]
    if code == "customer_side" or exit_roll < 0.09:
        order.status, order.closed_at = OrderStatus.CUSTOMER_SIDE, order.arrived_at + dt.timedelta(minutes=20)
        order.resolution = "表后客户内部线路故障,已告知客户联系电工"
        return order, None, steps + [(order.status, order.closed_at)]
    repair = order.restoration_minutes * (rng.uniform(0.1, 0.9) if rng.random() < 0.92 else rng.uniform(1.05, 1.5))
    order.restored_at = order.arrived_at + dt.timedelta(minutes=repair)
    order.resolution = rng.choice(RESOLUTIONS)
    steps.append((OrderStatus.RESTORED, order.restored_at))
    order.status = OrderStatus.RESTORED
    roll = rng.random()
    callback_at = order.restored_at + dt.timedelta(hours=rng.uniform(2, 20))
    if roll < 0.85 and callback_at < now:
        steps.append((OrderStatus.CALLBACK_DONE, callback_at))
        order.status = OrderStatus.CALLBACK_DONE
        closed_at = callback_at + dt.timedelta(hours=rng.uniform(1, 30))
        if roll < 0.8 and closed_at < now:
            order.closed_at = closed_at
            steps.append((OrderStatus.CLOSED, order.closed_at))
            order.status = OrderStatus.CLOSED
    outage = None
    if code in ("no_power", "area_outage") and caller["transformer_id"]:
        outage = (Outage(kind=Outage.Kind.UNPLANNED, station=station, feeder_id=caller["feeder_id"],
                         started_at=received - dt.timedelta(minutes=rng.uniform(0, 15)), restored_at=order.restored_at,
                         cause=rng.choice((Outage.Cause.EQUIPMENT,) * 5 + (Outage.Cause.WEATHER, Outage.Cause.EXTERNAL)),
                         cause_detail=order.resolution, area_description=f"{caller['address'][:40]}一带",
                         customers_affected=transformer_size.get(caller["transformer_id"], 1)),
                  [caller["transformer_id"]])
        outage[0].duration_minutes = (outage[0].restored_at - outage[0].started_at).total_seconds() / 60
    return order, outage, steps


def _open_order(rng, station, now, limit, policy, categories, caller, crews, numbers, k, target=None):
    """Open orders at a home-county station: fresh, at risk, overdue, and on site."""
    used = [0.3, 0.85, 1.4, 0.5][k]
    received = now - dt.timedelta(minutes=limit.arrival_minutes * used)
    order = _base(rng, station, received, limit, policy, ["no_power", "line_down", "meter", "low_voltage"][k],
                  categories, caller, numbers, target)
    steps = [(OrderStatus.RECEIVED, received)]
    if k >= 1:
        order.crew = crews[0]
        order.dispatched_at = received + dt.timedelta(minutes=3)
        steps.append((OrderStatus.DISPATCHED, order.dispatched_at))
        order.status = OrderStatus.DISPATCHED
    if k == 3:
        order.arrived_at = received + dt.timedelta(minutes=limit.arrival_minutes * 0.4)
        order.restoration_due = order.arrived_at + dt.timedelta(minutes=order.restoration_minutes)
        if order.target_restoration_minutes:
            order.target_restoration_due = order.arrived_at + dt.timedelta(minutes=order.target_restoration_minutes)
        steps.append((OrderStatus.ARRIVED, order.arrived_at))
        order.status = OrderStatus.ARRIVED
    return order, steps


def _history_outages(rng, ctx, now, transformer_size, feeder_size):
    """Outages without calls over two years (night faults, feeder trips, momentary reclosures), and one
    storm day in the season across the first prefecture, which the 2.5β method flags."""
    feeders = list(Feeder.objects.values_list("id", "station_id"))
    transformers_by_feeder = defaultdict(list)
    for t_id, f_id in Customer.objects.filter(transformer__isnull=False).values_list("transformer", "feeder").distinct():
        transformers_by_feeder[f_id].append(t_id)
    result = []

    def add(started, minutes, feeder_id, station_id, transformer=None, cause=Outage.Cause.EQUIPMENT):
        customers = transformer_size.get(transformer, 0) if transformer else feeder_size.get(feeder_id, 0)
        outage = Outage(kind=Outage.Kind.UNPLANNED, station_id=station_id, feeder_id=feeder_id, started_at=started,
                        restored_at=started + dt.timedelta(minutes=minutes), duration_minutes=minutes, cause=cause,
                        customers_affected=customers, area_description="")
        result.append((outage, [transformer] if transformer else []))

    for _i in range(max(100, ctx.scale // 20)):
        feeder_id, station_id = rng.choice(feeders)
        started = now - dt.timedelta(days=rng.uniform(1, HISTORY_DAYS))
        roll = rng.random()
        if roll < 0.25:
            add(started, rng.uniform(0.5, 4.5), feeder_id, station_id)  # momentary: reclosed
        elif roll < 0.45 or not transformers_by_feeder[feeder_id]:
            add(started, rng.uniform(20, 240), feeder_id, station_id,
                cause=rng.choice((Outage.Cause.EQUIPMENT, Outage.Cause.WEATHER, Outage.Cause.EXTERNAL,
                                  Outage.Cause.SUPPLY_SHORTAGE)))
        else:
            add(started, rng.uniform(15, 300), feeder_id, station_id, rng.choice(transformers_by_feeder[feeder_id]))
    storm = (now - dt.timedelta(days=40)).replace(hour=15, minute=0, second=0, microsecond=0)
    first_prefecture = ctx.prefectures[0].path
    station_paths = {s.id: s.path for s in ctx.stations}
    for feeder_id, station_id in feeders:
        if station_paths[station_id].startswith(first_prefecture) and rng.random() < 0.6:
            add(storm + dt.timedelta(minutes=rng.uniform(0, 180)), rng.uniform(300, 900), feeder_id, station_id,
                cause=Outage.Cause.WEATHER)
    return result


def _planned_outages(rng, stations, now, feeder_size):
    """Maintenance done in the season, and some announced ahead (one is under way now)."""
    result = []
    for index, station in enumerate(stations):
        for feeder_id in Feeder.objects.filter(station=station).values_list("id", flat=True)[:2]:
            for days, hours in ((-rng.uniform(5, 80), 6), (rng.uniform(2, 12), 8)):
                start = (now + dt.timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)
                end = start + dt.timedelta(hours=hours)
                done = end < now
                outage = Outage(kind=Outage.Kind.PLANNED, station=station, feeder_id=feeder_id, started_at=start,
                                expected_restoration_at=end, restored_at=end if done else None,
                                duration_minutes=hours * 60 if done else None, notice_at=start - dt.timedelta(days=7),
                                cause=Outage.Cause.MAINTENANCE, cause_detail="线路检修、更换老旧导线",
                                customers_affected=feeder_size.get(feeder_id, 0))
                result.append((outage, []))
        if index == 0:
            feeder_id = Feeder.objects.filter(station=station).values_list("id", flat=True).last()
            start = now - dt.timedelta(hours=2)
            result.append((Outage(kind=Outage.Kind.PLANNED, station=station, feeder_id=feeder_id, started_at=start,
                                  expected_restoration_at=start + dt.timedelta(hours=6),
                                  notice_at=start - dt.timedelta(days=7), cause=Outage.Cause.MAINTENANCE,
                                  cause_detail="配变增容改造", customers_affected=feeder_size.get(feeder_id, 0)), []))
    return result
