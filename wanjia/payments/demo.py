"""Demo payment channels and records. Urban stations get banks and self-service terminals, every hall a
counter, rural stations village agent points near about half of their villages, and remote stations none,
so the 缴费难 list has real entries on first start. Village agent points opened at different days of the last
year (so coverage before and during the campaign differ), and a few measures for difficult villages of the
counties with demo logins, some done."""
import datetime as dt
from decimal import Decimal

from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer
from wanjia.network.models import Transformer
from wanjia.org.models import AreaType
from wanjia.payments.coverage import coverage
from wanjia.payments.models import ChannelKind, MeasureKind, PaymentChannel, PaymentMeasure, PaymentRecord

# Hours from payment to posting by channel kind: (low, high).
POSTING = {"online_wallet": (0.01, 0.5), "self_service": (0.1, 4), "hall_counter": (0.05, 2), "bank": (2, 60),
           "village_agent": (4, 96)}
DAYS = 90


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    kinds = {k.code: k for k in ChannelKind.objects.all()}
    channels = []
    for hall in ctx.halls:
        channels.append(PaymentChannel(kind=kinds["hall_counter"], name=f"{hall.name}收费窗口", unit=hall.get_parent(),
                                       address=hall.address, latitude=hall.latitude, longitude=hall.longitude,
                                       hours="周一至周五 08:30-17:30,周六 09:00-12:00", phone=hall.phone))
    for county in ctx.counties:
        channels.append(PaymentChannel(kind=kinds["online_wallet"], name=f"{county.name[:-4]}网上缴费", unit=county,
                                       hours="全天"))
    by_station = {}
    for t in Transformer.objects.select_related("feeder").only("name", "latitude", "longitude", "feeder__station_id"):
        by_station.setdefault(t.feeder.station_id, []).append(t)
    for station in ctx.stations:
        lat, lon = station.latitude, station.longitude
        if station.area_type == AreaType.URBAN:
            channels.append(PaymentChannel(kind=kinds["bank"], name=f"{station.name[:-3]}农村信用社", unit=station,
                                           address=station.address, latitude=lat + 0.01, longitude=lon - 0.01,
                                           hours="周一至周日 09:00-17:00"))
            for n in range(1, rng.randint(2, 3)):
                channels.append(PaymentChannel(kind=kinds["self_service"], name=f"{station.name[:-3]}自助终端{n}",
                                               unit=station, address=station.address, latitude=lat + rng.uniform(-0.03, 0.03),
                                               longitude=lon + rng.uniform(-0.03, 0.03), hours="全天"))
        elif station.area_type == AreaType.RURAL:
            for t in by_station.get(station.id, []):
                if rng.random() < 0.5:
                    channels.append(PaymentChannel(
                        kind=kinds["village_agent"], name=f"{t.name[:-2]}代收点", unit=station,
                        opened_on=ctx.now.date() - dt.timedelta(days=rng.randint(0, 365)),
                        address=f"{station.address}{t.name[:-2]}小卖部", latitude=t.latitude + rng.uniform(-0.01, 0.01),
                        longitude=t.longitude + rng.uniform(-0.01, 0.01), hours="每天 08:00-20:00"))
    PaymentChannel.objects.bulk_create(channels, batch_size=2000)
    by_unit = {}
    for c in PaymentChannel.objects.select_related("kind").only("id", "unit_id", "kind__code"):
        by_unit.setdefault(c.unit_id, []).append(c)
    parent_of = {s.id: s.get_parent().id for s in ctx.stations}
    records = []
    customers = Customer.objects.values_list("id", "station_id").order_by("id")
    for customer_id, station_id in customers.iterator(chunk_size=5000):
        if rng.random() > 0.3:
            continue
        options = by_unit.get(station_id, []) + by_unit.get(parent_of.get(station_id), [])
        for _i in range(rng.randint(1, 3)):
            channel = rng.choice(options)
            paid = ctx.now - dt.timedelta(days=rng.uniform(0, DAYS))
            low, high = POSTING[channel.kind.code]
            posted = paid + dt.timedelta(hours=rng.uniform(low, high))
            records.append(PaymentRecord(customer_id=customer_id, channel_id=channel.id,
                                         amount=Decimal(rng.randint(2000, 60000)) / 100, paid_at=paid,
                                         posted_at=posted if posted <= ctx.now else None))
    PaymentRecord.objects.bulk_create(records, batch_size=5000)
    measures = _measures(ctx)
    ctx.say(f"  payments: {len(channels)} channels, {len(records)} payment records, {measures} 缴费难 measures")


def _measures(ctx: DemoContext) -> int:
    kinds = {k.code: k for k in MeasureKind.objects.all()}
    plan = [("mobile", "每月5日、20日流动收费车到村", 40), ("agent", "委托村小卖部代收电费", 15),
            ("new_point", "在村委会设自助缴费终端", None), ("online", "村民微信群推广网上缴费", 5)]
    made = 0
    for county in ctx.counties:
        manager = ctx.users.get(f"{county.code.lower()}.manager")
        if manager is None:
            continue
        villages = [v for v in coverage(unit=county).difficult if v.transformer_id][:len(plan)]
        for village, (kind, text, done_days_ago) in zip(villages, plan):
            PaymentMeasure.objects.create(
                transformer_id=village.transformer_id, unit=county, kind=kinds[kind], description=text,
                due_date=ctx.now.date() + dt.timedelta(days=30), created_by=manager,
                done_on=None if done_days_ago is None else ctx.now.date() - dt.timedelta(days=done_days_ago),
                done_note="" if done_days_ago is None else "已落实")
            made += 1
    return made
