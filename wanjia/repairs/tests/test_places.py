"""Villages and communities as data: which ones an outage reaches (through the transformers that feed them),
how the outage page and its map show them, and what the public reads."""
import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wanjia.core import hostile
from wanjia.core.testing import page_client
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import Role
from wanjia.repairs.models import Outage, PlaceKind, PlaceName
from wanjia.repairs.outages import planned_outage_create
from wanjia.repairs.selectors import affected_places, outage_map, outage_state, public_outages


def place(station, name, *transformers, kind=PlaceKind.VILLAGE, **fields):
    created = PlaceName.objects.create(name=name, code=f"p{PlaceName.objects.count() + 1}", station=station,
                                       kind=kind, **fields)
    created.transformers.set(transformers)
    return created


def outage(county, *transformers, feeder=None, started=-60, **fields):
    created = Outage.objects.create(station=county.station, feeder=feeder or county.feeder,
                                    started_at=timezone.now() + dt.timedelta(minutes=started), **fields)
    created.transformers.set(transformers)
    return created


@pytest.fixture
def villages(tree):
    """County A's urban station: 上寨村 on transformer 1, 下寨村 on transformer 2, 石门村 on a second feeder,
    and the town itself linked to no transformer."""
    t1, t2 = tree.a.transformers
    other = Feeder.objects.create(code="TAF2", name="甲县2回线", station=tree.a.station)
    t3 = Transformer.objects.create(code="TAT3", name="甲县3号台区", feeder=other, latitude=25.2, longitude=100.2)
    return {"上寨": place(tree.a.station, "上寨村", t1), "下寨": place(tree.a.station, "下寨村", t2),
            "石门": place(tree.a.station, "石门村", t3), "town": place(tree.a.station, "城关镇", kind=PlaceKind.TOWN),
            "other": other, "t3": t3}


def names(places):
    return [p.name for p in places]


def test_an_outage_reaches_the_villages_its_transformers_feed(tree, villages):
    on_t1 = outage(tree.a, tree.a.transformers[0])
    assert names(affected_places([on_t1])[on_t1.pk]) == ["上寨村"]


def test_a_whole_feeder_outage_reaches_every_village_on_the_feeder_and_no_other(tree, villages):
    feeder = outage(tree.a)  # no transformers listed: the whole feeder
    assert names(affected_places([feeder])[feeder.pk]) == ["上寨村", "下寨村"]
    second = outage(tree.a, feeder=villages["other"])
    assert names(affected_places([second])[second.pk]) == ["石门村"]


def test_where_no_village_is_linked_the_stations_unlinked_places_stand_in(tree, villages):
    bare = Transformer.objects.create(code="TAT9", name="甲县9号台区", feeder=tree.a.feeder)
    on_bare = outage(tree.a, bare)
    assert names(affected_places([on_bare])[on_bare.pk]) == ["城关镇"]


def test_villages_and_communities_come_before_towns(tree, villages):
    villages["town"].transformers.add(tree.a.transformers[0])
    on_t1 = outage(tree.a, tree.a.transformers[0])
    assert names(affected_places([on_t1])[on_t1.pk]) == ["上寨村", "城关镇"]


def test_places_of_many_outages_in_two_queries(tree, villages):
    outages = [outage(tree.a, tree.a.transformers[0]), outage(tree.a), outage(tree.a, feeder=villages["other"]),
               outage(tree.b, tree.b.transformers[1])]
    listed = list(Outage.objects.filter(pk__in=[o.pk for o in outages]).prefetch_related("transformers"))
    with CaptureQueriesContext(connection) as queries:
        found = affected_places(listed)
    assert len(queries) == 2
    assert [names(found[o.pk]) for o in outages] == [["上寨村"], ["上寨村", "下寨村"], ["石门村"], []]


def test_outage_states(tree):
    now = timezone.now()
    ahead = outage(tree.a, started=120, kind=Outage.Kind.PLANNED, expected_restoration_at=now + dt.timedelta(hours=6))
    on = outage(tree.a, expected_restoration_at=now + dt.timedelta(hours=1))
    late = outage(tree.a, expected_restoration_at=now - dt.timedelta(minutes=5))
    restored = outage(tree.a, restored_at=now - dt.timedelta(minutes=1))
    cancelled = outage(tree.a, started=120, kind=Outage.Kind.PLANNED, is_cancelled=True)
    assert [outage_state(o, now) for o in (ahead, on, late, restored, cancelled)] == [
        "ahead", "on", "late", "restored", "cancelled"]


def test_outage_map_places_each_outage_at_its_transformers_with_its_villages(tree, villages):
    on_t1 = outage(tree.a, tree.a.transformers[0])
    whole = outage(tree.a, feeder=villages["other"])
    Transformer.objects.bulk_create([Transformer(code=f"TAT{i}", name=f"T{i}", feeder=villages["other"],
                                                 latitude=25.0 + i / 100, longitude=100.3 + (i % 2) / 100)
                                     for i in range(4, 7)])
    outage(tree.a, restored_at=timezone.now())  # restored: not on the map
    outage(tree.b, tree.b.transformers[0])  # county B: not in A's dispatcher's scope
    shown = {o["id"]: o for o in outage_map(user=tree.a.users[Role.DISPATCHER])["outages"]}
    assert set(shown) == {on_t1.pk, whole.pk}
    t1 = tree.a.transformers[0]
    assert shown[on_t1.pk]["points"] == [(t1.latitude, t1.longitude)] and shown[on_t1.pk]["places"] == ["上寨村"]
    assert len(shown[whole.pk]["points"]) == 4 and len(shown[whole.pk]["area"]) >= 3  # the area around them
    assert shown[whole.pk]["places"] == ["石门村"]


def test_public_outages_name_the_villages_not_the_line(tree, villages):
    now = timezone.now()
    outage(tree.a, tree.a.transformers[0], area_description="甲县1号台区")
    planned_outage_create(actor=tree.a.users[Role.DISPATCHER], feeder=tree.a.feeder,
                          starts_at=now + dt.timedelta(days=8), ends_at=now + dt.timedelta(days=8, hours=4),
                          area_description="上寨村、下寨村全部客户")
    rows = public_outages()
    assert [(r["places"], r["notice"], r["is_current"]) for r in rows] == [
        (["上寨村"], "", True), (["上寨村", "下寨村"], "上寨村、下寨村全部客户", False)]
    assert public_outages(unit=tree.b.unit) == []


def _row(html, outage_id):
    return re.search(rf'<tr data-outage="{outage_id}"[^>]*>(.*?)</tr>', html, re.S).group(1)


def test_outage_page_shows_states_places_and_only_the_actions_each_allows(tree, villages):
    now = timezone.now()
    ahead = outage(tree.a, started=24 * 60, kind=Outage.Kind.PLANNED,
                   expected_restoration_at=now + dt.timedelta(days=1, hours=6))
    on = outage(tree.a, tree.a.transformers[0], expected_restoration_at=now + dt.timedelta(hours=1))
    late = outage(tree.a, tree.a.transformers[1], expected_restoration_at=now - dt.timedelta(minutes=30))
    html = page_client(tree.a.users[Role.DISPATCHER]).get("/repairs/outages/").content.decode()
    ahead_row, on_row, late_row = _row(html, ahead.pk), _row(html, on.pk), _row(html, late.pk)
    # A restoration time still ahead is not shown as overdue; one that has passed is.
    assert "text-danger" not in ahead_row.split("<form")[0] and "text-danger" not in on_row.split("<form")[0]
    assert "text-danger" in late_row
    # "Restored" only for an outage under way; a planned one not begun can be cancelled, not restored.
    assert ">已复电<" not in ahead_row and 'name="cancel"' in ahead_row
    assert ">已复电<" in on_row and ">已复电<" in late_row and 'name="cancel"' not in on_row
    assert "上寨村" in on_row and "下寨村" in late_row and "上寨村、下寨村" in ahead_row
    data = json.loads(re.search(r'<script id="outage-map-data" type="application/json">(.*?)</script>', html,
                                re.S).group(1))
    assert {o["id"] for o in data["outages"]} == {ahead.pk, on.pk, late.pk}


def test_a_hostile_village_name_is_escaped_on_the_outage_page(tree):
    place(tree.a.station, hostile.TAG, tree.a.transformers[0])
    outage(tree.a, tree.a.transformers[0])
    html = page_client(tree.a.users[Role.DISPATCHER]).get("/repairs/outages/").content.decode()
    assert hostile.TAG not in html and "<img src=x" not in html
