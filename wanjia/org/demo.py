"""Demo organisation: 1 provincial company, 9 prefecture bureaus, 86 county enterprises, 4 supply stations
and 1 business hall per county, laid out on a grid so every station has a service area."""
from django.contrib.auth.hashers import make_password

from wanjia.core.demo import DemoContext
from wanjia.org import geo
from wanjia.org.models import AreaType, Role, Unit, UnitKind, User
from wanjia.org.services import unit_create, user_create

DEMO_PASSWORD = "wanjia-demo"
PREFECTURES = ["东川", "南岭", "西江", "北原", "中和", "临海", "云台", "青山", "永安"]
COUNTIES_PER_PREFECTURE = [10, 10, 10, 10, 9, 9, 9, 10, 9]  # 86 in all
COUNTY_SYLLABLES = "安宁平昌兴隆泰和丰顺富源新华德清永利长乐文山石林"
STATION_SUFFIXES = ["城关", "东关", "西乡", "南山"]
# Province bounding box (degrees): a mountainous south-western province.
LAT0, LAT1, LON0, LON1 = 22.5, 28.5, 98.0, 106.0
COUNTY_ROLES = [
    ("manager", [Role.MANAGER], "县级经理:考核、指标、升级事项"),
    ("counter", [Role.COUNTER], "营业厅窗口:受理报装、报修、意见"),
    ("dispatcher", [Role.DISPATCHER], "调度:抢修调度台"),
    ("crew1", [Role.CREW], "抢修人员:手机工单页"),
    ("crew2", [Role.CREW], "抢修人员"),
    ("secretary", [Role.BRANCH_SECRETARY], "党支部书记:结对、走访"),
    ("auditor", [Role.AUDITOR], "审计(只读)"),
]


def _split(lat0, lat1, lon0, lon1, n):
    """Cut a box into n cells on a near-square grid."""
    cols = max(1, round(n ** 0.5))
    rows = -(-n // cols)
    cells = []
    for i in range(n):
        r, c = divmod(i, cols)
        dlat, dlon = (lat1 - lat0) / rows, (lon1 - lon0) / cols
        cells.append((lat0 + r * dlat, lat0 + (r + 1) * dlat, lon0 + c * dlon, lon0 + (c + 1) * dlon))
    return cells


def _boxed(box) -> dict:
    lat0, lat1, lon0, lon1 = box
    return {"boundary": geo.rectangle(*box), "latitude": round((lat0 + lat1) / 2, 6),
            "longitude": round((lon0 + lon1) / 2, 6)}


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    province = unit_create(parent=None, code="P01", name="万家省电力公司", kind=UnitKind.PROVINCE,
                           **_boxed((LAT0, LAT1, LON0, LON1)))
    ctx.province = province
    county_no = 0
    for p_index, (p_name, p_box, n_counties) in enumerate(
            zip(PREFECTURES, _split(LAT0, LAT1, LON0, LON1, 9), COUNTIES_PER_PREFECTURE), start=1):
        prefecture = unit_create(parent=province, code=f"P01{p_index:02d}", name=f"{p_name}供电局",
                                 kind=UnitKind.PREFECTURE, **_boxed(p_box))
        ctx.prefectures.append(prefecture)
        for c_index, c_box in enumerate(_split(*p_box, n_counties), start=1):
            county_no += 1
            name = COUNTY_SYLLABLES[county_no % len(COUNTY_SYLLABLES)] + COUNTY_SYLLABLES[
                (county_no * 7 + p_index) % len(COUNTY_SYLLABLES)]
            code = f"{prefecture.code}{c_index:02d}"
            county = unit_create(parent=prefecture, code=code, name=f"{p_name}{name}县供电公司",
                                 kind=UnitKind.COUNTY, **_boxed(c_box))
            ctx.counties.append(county)
            remote_county = rng.random() < 0.2
            for s_index, s_box in enumerate(_split(*c_box, 4), start=1):
                area = AreaType.URBAN if s_index == 1 else (
                    AreaType.REMOTE if remote_county and s_index == 4 else AreaType.RURAL)
                station = unit_create(parent=county, code=f"{code}{s_index:02d}",
                                      name=f"{name}{STATION_SUFFIXES[s_index - 1]}供电所", kind=UnitKind.STATION,
                                      area_type=area, address=f"{p_name}市{name}县{STATION_SUFFIXES[s_index - 1]}",
                                      phone=f"0871-{6000000 + county_no * 10 + s_index}", **_boxed(s_box))
                ctx.stations.append(station)
            lat = round((c_box[0] + c_box[1]) / 2 + 0.01, 6)
            hall = unit_create(parent=county, code=f"{code}H1", name=f"{name}县城营业厅", kind=UnitKind.HALL,
                               area_type=AreaType.URBAN, address=f"{p_name}市{name}县人民路{county_no}号",
                               phone=f"0871-{7000000 + county_no}", latitude=lat,
                               longitude=round((c_box[2] + c_box[3]) / 2, 6))
            ctx.halls.append(hall)
    _users(ctx)
    ctx.say(f"  organisation: {Unit.objects.count()} units")


def _users(ctx: DemoContext) -> None:
    password_hash = make_password(DEMO_PASSWORD)

    def add(username, unit, roles, name, what, **extra):
        user = user_create(username=username, password_hash=password_hash, unit=unit, roles=roles, name=name,
                           **extra)
        ctx.users[username] = user
        ctx.logins.append((username, what))
        return user

    add("admin", ctx.province, [Role.ADMIN], "系统管理员", "省公司管理员(含后台)", is_staff=True, is_superuser=True)
    add("province", ctx.province, [Role.MANAGER], "省公司经理", "省公司经理:全省指标")
    add("prefecture", ctx.prefectures[0], [Role.MANAGER], "地市局经理", f"{ctx.prefectures[0].name}经理")
    # Two sibling counties with a full set of roles: log in as each to see that neither sees the other.
    for county in ctx.counties[:2]:
        for suffix, roles, what in COUNTY_ROLES:
            add(f"{county.code.lower()}.{suffix}", county, roles, f"{county.name[:4]}{suffix}",
                f"{county.name} {what}", mobile=f"139{county.code[-4:]}{len(ctx.users):04d}"[:11])


def describe_logins(logins=None) -> list[str]:
    if logins is None:
        logins = [(u.username, str(u.unit or "")) for u in User.objects.filter(username__in=[
            "admin", "province", "prefecture", *[f"p0101{c:02d}.{s}" for c in (1, 2) for s, _r, _w in COUNTY_ROLES]
        ]).select_related("unit").order_by("id")]
    return [f"{username:<22} {what}" for username, what in logins]
