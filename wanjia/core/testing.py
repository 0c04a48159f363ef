"""Shared test set-up: a small tree with two sibling counties (A and B) so every module can check that one
county never sees the other's records (after Healthchecks' owner / member / outsider base case)."""
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.test import Client
from rest_framework.test import APIClient

from wanjia.customers.models import Customer, CustomerClass
from wanjia.network.models import Feeder, Transformer
from wanjia.org import geo
from wanjia.org.models import AreaType, Role, Unit, UnitKind, User
from wanjia.org.services import unit_create

PASSWORD = "test-pass-123"
_HASH = None


@dataclass
class County:
    unit: Unit
    station: Unit  # urban
    rural_station: Unit
    remote_station: Unit
    hall: Unit
    feeder: Feeder
    transformers: list[Transformer]
    users: dict[str, User] = field(default_factory=dict)  # role code -> user


@dataclass
class Tree:
    province: Unit
    prefecture: Unit
    a: County
    b: County
    admin: User
    province_manager: User


def make_user(username: str, unit: Unit | None, *roles: str, **extra) -> User:
    global _HASH
    _HASH = _HASH or make_password(PASSWORD)
    user = User.objects.create(username=username, unit=unit, password=_HASH, name=username, **extra)
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


def _county(prefecture: Unit, code: str, name: str, lat0: float) -> County:
    county = unit_create(parent=prefecture, code=code, name=name, kind=UnitKind.COUNTY)
    stations = []
    for i, area in enumerate([AreaType.URBAN, AreaType.RURAL, AreaType.REMOTE]):
        lon0 = 100.0 + i * 0.1
        stations.append(unit_create(
            parent=county, code=f"{code}S{i + 1}", name=f"{name}{area.label}供电所", kind=UnitKind.STATION,
            area_type=area, boundary=geo.rectangle(lat0, lat0 + 0.1, lon0, lon0 + 0.1),
            latitude=lat0 + 0.05, longitude=lon0 + 0.05,
        ))
    hall = unit_create(parent=county, code=f"{code}H", name=f"{name}营业厅", kind=UnitKind.HALL,
                       area_type=AreaType.URBAN, latitude=lat0 + 0.05, longitude=100.05)
    feeder = Feeder.objects.create(code=f"{code}F1", name=f"{name}1回线", station=stations[0])
    transformers = [Transformer.objects.create(code=f"{code}T{i}", name=f"{name}{i}号台区", feeder=feeder,
                                               latitude=lat0 + 0.01 * i, longitude=100.0 + 0.01 * i)
                    for i in (1, 2)]
    c = County(county, stations[0], stations[1], stations[2], hall, feeder, transformers)
    for role in (Role.MANAGER, Role.COUNTER, Role.DISPATCHER, Role.CREW, Role.BRANCH_SECRETARY, Role.AUDITOR):
        c.users[role] = make_user(f"{code.lower()}-{role}", county, role)
    return c


def build_tree() -> Tree:
    province = unit_create(parent=None, code="T", name="测试省公司", kind=UnitKind.PROVINCE)
    prefecture = unit_create(parent=province, code="T1", name="测试地市局", kind=UnitKind.PREFECTURE)
    a = _county(prefecture, "TA", "甲县", 25.0)
    b = _county(prefecture, "TB", "乙县", 26.0)
    admin = make_user("root", province, Role.ADMIN, is_superuser=True, is_staff=True)
    manager = make_user("province-manager", province, Role.MANAGER)
    return Tree(province, prefecture, a, b, admin, manager)


_account = 0


def make_customer(county: County, *, customer_class=CustomerClass.RESIDENT, transformer_index=0, **fields) -> Customer:
    global _account
    _account += 1
    transformer = county.transformers[transformer_index] if customer_class == CustomerClass.RESIDENT else None
    values = {
        "account_number": f"{county.unit.code}{_account:08d}", "name": f"客户{_account}",
        "customer_class": customer_class, "address": f"{county.unit.name}测试路{_account}号",
        "phone": f"138{_account:08d}", "station": county.station, "feeder": county.feeder,
        "transformer": transformer, "latitude": 25.05, "longitude": 100.05,
    }
    values.update(fields)
    return Customer.objects.create(**values)


def sign_in(page, username: str) -> None:
    """Sign in through the login form in a browser test's page (the `browser_page` fixture)."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def embedded_json(response, element_id: str):
    """The data a page embedded with `json_script` for its scripts (what its charts draw)."""
    html = response.content.decode()
    found = re.search(rf'<script id="{re.escape(element_id)}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no #{element_id} on the page"
    return json.loads(found.group(1))


def page_client(user: User) -> Client:
    """A browser-less client signed in as `user`, for the server-rendered pages."""
    client = Client()
    client.force_login(user)
    return client


def api_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
