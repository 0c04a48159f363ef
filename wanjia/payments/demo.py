"""Demo payment channels and records. Urban stations get banks and self-service terminals, every hall a
counter, rural stations village agent points near about half of their villages, and remote stations none,
so the 缴费难 list has real entries on first start."""
import datetime as dt
from decimal import Decimal

from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer
from wanjia.network.models import Transformer
from wanjia.org.models import AreaType
from wanjia.payments.models import ChannelKind, PaymentChannel, PaymentRecord

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
    ctx.say(f"  payments: {len(channels)} channels, {len(records)} payment records")
