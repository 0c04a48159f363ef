"""Demo network (feeders, transformers) and customers of every class and walk-in category, with Chinese
names and addresses, inserted in bulk so `--scale 1000000` takes minutes."""
from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer, CustomerClass, GreenChannelKind, WalkInCategory
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import AreaType

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬辉鹏建国建华志强永胜海燕金凤"
TOWNS = ["东风", "红旗", "新民", "和平", "团结", "光明", "胜利", "幸福", "太平", "龙泉", "凤凰", "金沙"]
VILLAGES = ["上寨", "下寨", "大坪", "小河", "石门", "柳树", "杨家", "李家", "岔河", "松林", "竹园", "水井"]
ENTERPRISE_KINDS = ["水泥厂", "茶叶加工厂", "食品有限公司", "建材有限公司", "矿业公司", "物流园", "酒店", "商贸公司"]
BATCH = 5000


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _network(ctx: DemoContext) -> dict:
    """Per station: 3 feeders, and enough transformers for ~60 customers each."""
    per_station = max(1, ctx.scale // len(ctx.stations))
    n_transformers = max(6, per_station // 60)
    feeders = []
    for station in ctx.stations:
        for f in range(1, 4):
            feeders.append(Feeder(code=f"{station.code}F{f}", name=f"{station.name[:-3]}{f}回线", station=station))
    Feeder.objects.bulk_create(feeders, batch_size=BATCH)
    feeder_ids = {f.code: f.id for f in Feeder.objects.only("id", "code")}
    transformers = []
    for station in ctx.stations:
        lat0, lat1, lon0, lon1 = station.min_latitude, station.max_latitude, station.min_longitude, station.max_longitude
        for t in range(1, n_transformers + 1):
            transformers.append(Transformer(
                code=f"{station.code}T{t:03d}", name=f"{station.name[:-3]}{t}号台区",
                feeder_id=feeder_ids[f"{station.code}F{(t - 1) % 3 + 1}"], capacity_kva=ctx.rng.choice((200, 315, 400, 630)),
                latitude=round(ctx.rng.uniform(lat0, lat1), 6), longitude=round(ctx.rng.uniform(lon0, lon1), 6),
            ))
    Transformer.objects.bulk_create(transformers, batch_size=BATCH)
    by_station: dict[int, list[tuple[int, int, float, float]]] = {}
    for t_id, f_id, code, lat, lon in Transformer.objects.values_list("id", "feeder_id", "code", "latitude", "longitude"):
        by_station.setdefault(code.split("T")[0], []).append((t_id, f_id, lat, lon))
    return by_station


def _customer(rng, number: int, station, transformers, green: dict) -> Customer:
    t_id, f_id, t_lat, t_lon = rng.choice(transformers)
    roll = rng.random()
    urban = station.area_type == AreaType.URBAN
    town, village = rng.choice(TOWNS), rng.choice(VILLAGES)
    place = f"{station.address}{town}{'街道' if urban else '镇'}{village}{'社区' if urban else '村'}{rng.randint(1, 199)}号"
    protected = False
    if roll < 0.85:
        customer_class = CustomerClass.RESIDENT
        name = _name(rng)
        sub = rng.random()
        category = (WalkInCategory.HARDSHIP if sub < 0.02 else
                    (WalkInCategory.COMMUNITY if urban else WalkInCategory.VILLAGE) if sub < 0.6 else "")
    elif roll < 0.96:
        customer_class = CustomerClass.LV_NON_RESIDENT
        sub = rng.random()
        if sub < 0.08:
            category, name, protected = WalkInCategory.SCHOOL, f"{town}{rng.choice(('小学', '中学', '幼儿园'))}", True
        elif sub < 0.12:
            category, name, protected = WalkInCategory.HOSPITAL, f"{town}卫生院", True
        else:
            category, name = WalkInCategory.ENTERPRISE, f"{village}{rng.choice(ENTERPRISE_KINDS)}"
    else:
        customer_class = CustomerClass.HV_SINGLE if roll < 0.99 else CustomerClass.HV_DUAL
        sub = rng.random()
        if customer_class == CustomerClass.HV_DUAL and sub < 0.5:
            category, name, protected = WalkInCategory.HOSPITAL, f"{station.name[:2]}县人民医院", True
        else:
            category, name = WalkInCategory.ENTERPRISE, f"{station.name[:2]}{rng.choice(ENTERPRISE_KINDS)}"
            protected = customer_class == CustomerClass.HV_DUAL
    hv = customer_class in (CustomerClass.HV_SINGLE, CustomerClass.HV_DUAL)
    return Customer(
        account_number=f"{station.code[1:]}{number:07d}", name=name, customer_class=customer_class,
        walk_in_category=category, is_protected_load=protected, address=place, green_channel=green.get(category),
        latitude=round(t_lat + rng.uniform(-0.004, 0.004), 6), longitude=round(t_lon + rng.uniform(-0.004, 0.004), 6),
        phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", station_id=station.id, feeder_id=f_id,
        transformer_id=None if hv else t_id,
    )


def build(ctx: DemoContext) -> None:
    transformers = _network(ctx)
    rng = ctx.rng
    stations = ctx.stations
    batch = []
    # The demo's schools and hospitals are in the green channel (seeded kinds: commitments/customers migrations).
    kinds = {k.code: k for k in GreenChannelKind.objects.all()}
    green = {WalkInCategory.SCHOOL: kinds.get("school"), WalkInCategory.HOSPITAL: kinds.get("hospital")}
    for i in range(ctx.scale):
        station = stations[i % len(stations)]
        batch.append(_customer(rng, i // len(stations) + 1, station, transformers[station.code], green))
        if len(batch) >= BATCH:
            Customer.objects.bulk_create(batch)
            batch.clear()
    Customer.objects.bulk_create(batch)
    ctx.say(f"  network: {Feeder.objects.count()} feeders, {Transformer.objects.count()} transformers; "
            f"customers: {ctx.scale}")
