"""Payment-point coverage of villages (缴费难).

Coverage counts every *residential* customer by where they live: the customer's own coordinates, else
their distribution transformer's (台区: in the countryside a transformer feeds one village or hamlet and has
surveyed coordinates). A *village group* is the residential customers of one transformer at one place.
Customers with neither location are counted as "unlocated" and shown, not guessed.

For a day in the past (a scorecard period's last day) the points are those in service that day
(`PaymentChannel.opened_on`/`closed_on`), so a before/during comparison sees the points each period had. A
village with a done measure whose kind covers villages (mobile collection, an agent, ...) by that day counts
as covered wherever the nearest point is.

Distance is great-circle distance to the nearest active *physical* payment point of any unit (a village on a
county border may well pay in the next county). Nearest neighbours are exact: points and villages become
3-D unit vectors, a k-d tree finds the nearest by chord length, and chord length is monotonic in
great-circle distance, so the nearest by chord is the nearest on the sphere; d = 2R·asin(chord/2).
"""
import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from scipy.spatial import cKDTree

from wanjia.core.text import in_language
from wanjia.customers.models import Customer, CustomerClass
from wanjia.org.geo import EARTH_RADIUS_KM
from wanjia.org.models import Unit
from wanjia.payments.models import PaymentChannel, PaymentMeasure
from wanjia.payments.standards import standards_for


def unit_vectors(latlon: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(latlon[:, 0]), np.radians(latlon[:, 1])
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def nearest(villages: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each (lat, lon) row of `villages`, the great-circle distance in km to the nearest row of `points`
    and that row's index. No points: infinite distance, index -1."""
    if len(points) == 0:
        return np.full(len(villages), np.inf), np.full(len(villages), -1)
    if len(villages) == 0:
        return np.empty(0), np.empty(0, dtype=int)
    chord, index = cKDTree(unit_vectors(points)).query(unit_vectors(villages), k=1)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1)), index


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km, broadcasting over numpy arrays of degrees."""
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def by_distance(latitude: float, longitude: float, places, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the `limit` nearest (lat, lon) `places` to one place, nearest first, and all distances."""
    xy = np.asarray(places, dtype=float).reshape(-1, 2)
    d = haversine_km(latitude, longitude, xy[:, 0], xy[:, 1])
    return np.argsort(d, kind="stable")[:limit], d


def nearest_brute_force(villages: np.ndarray, points: np.ndarray, chunk: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """The same by haversine against every point (the baseline for tests and bench/)."""
    out_d, out_i = np.empty(len(villages)), np.empty(len(villages), dtype=int)
    for s in range(0, len(villages), chunk):
        d = haversine_km(villages[s:s + chunk, 0][:, None], villages[s:s + chunk, 1][:, None],
                         points[:, 0][None, :], points[:, 1][None, :])
        out_i[s:s + chunk] = d.argmin(axis=1)
        out_d[s:s + chunk] = d[np.arange(len(d)), out_i[s:s + chunk]]
    return out_d, out_i


def children_of(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)


@dataclass
class Village:
    transformer_id: int | None
    name: str
    station_name: str
    station_path: str
    latitude: float
    longitude: float
    customers: int
    distance_km: float
    limit_km: float
    nearest: dict | None  # {"id", "name", "kind", "latitude", "longitude"} of the nearest physical point
    measure: str = ""  # the done measure that covers the village regardless of distance

    @property
    def within_distance(self) -> bool:
        return self.distance_km <= self.limit_km

    @property
    def covered(self) -> bool:
        return self.within_distance or bool(self.measure)


@dataclass
class Coverage:
    villages: list[Village] = field(default_factory=list)
    unlocated_customers: int = 0
    points: int = 0

    @property
    def customers(self) -> int:
        return sum(v.customers for v in self.villages)

    @property
    def covered_customers(self) -> int:
        return sum(v.customers for v in self.villages if v.covered)

    @property
    def share(self) -> float | None:
        total = self.customers
        return self.covered_customers / total if total else None

    @property
    def difficult(self) -> list[Village]:
        return sorted((v for v in self.villages if not v.covered), key=lambda v: -v.distance_km)

    def by_unit(self, parent: Unit) -> list[dict]:
        """Share of residential customers covered under each child of `parent` (one pass over the villages)."""
        cut = len(parent.path) + Unit.steplen
        rows = {u.path: {"unit": u, "customers": 0, "covered": 0, "villages": 0, "difficult": 0}
                for u in children_of(parent)}
        for v in self.villages:
            row = rows.get(v.station_path[:cut])
            if row is None:
                continue
            row["customers"] += v.customers
            row["villages"] += 1
            if v.covered:
                row["covered"] += v.customers
            else:
                row["difficult"] += 1
        for row in rows.values():
            row["share"] = row["covered"] / row["customers"] if row["customers"] else None
        return [r for r in rows.values() if r["customers"]]


def points_in_service(on: dt.date | None = None):
    """Physical, located payment points in service on a day (today's active points when `on` is None)."""
    points = PaymentChannel.objects.filter(kind__is_physical=True, latitude__isnull=False)
    if on is None:
        return points.filter(is_active=True)
    return points.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on),
                         Q(closed_on__isnull=True) | Q(closed_on__gt=on))


def covering_measures(on: dt.date | None = None) -> dict[int, str]:
    """Transformer id → name (in the page's language) of a done measure covering that village by `on` (today
    when None); the earliest done when there are several."""
    done = PaymentMeasure.objects.filter(done_on__isnull=False, kind__covers_village=True)
    if on is not None:
        done = done.filter(done_on__lte=on)
    return {transformer: in_language(zh, en) for transformer, zh, en in
            done.order_by("-done_on").values_list("transformer_id", "kind__name", "kind__name_en")}


def coverage(*, unit: Unit | None = None, on: dt.date | None = None) -> Coverage:
    """Residential customers under `unit` (all when None), grouped by place, with their nearest physical
    payment point in service on `on` (today's points when None)."""
    residents = Customer.objects.filter(customer_class=CustomerClass.RESIDENT)
    if unit is not None:
        residents = residents.filter(station__path__startswith=unit.path)
    placed = residents.annotate(lat=Coalesce("latitude", "transformer__latitude"),
                                lon=Coalesce("longitude", "transformer__longitude"))
    groups = list(placed.filter(lat__isnull=False, lon__isnull=False)
                  .values("transformer_id", "lat", "lon", tname=F("transformer__name"), sname=F("station__name"),
                          spath=F("station__path"))
                  .annotate(n=Count("id")).order_by("spath", "transformer_id", "lat", "lon"))
    unlocated = residents.count() - sum(g["n"] for g in groups)
    points = list(points_in_service(on).values("id", "name", "kind__name", "kind__name_en", "latitude", "longitude")
                  .order_by("id"))
    result = Coverage(unlocated_customers=unlocated, points=len(points))
    if not groups:
        return result
    measures = covering_measures(on)
    village_xy = np.array([(g["lat"], g["lon"]) for g in groups], dtype=float)
    point_xy = np.array([(p["latitude"], p["longitude"]) for p in points], dtype=float).reshape(-1, 2)
    distances, index = nearest(village_xy, point_xy)
    standards = standards_for(sorted({g["spath"] for g in groups}))
    for g, d, i in zip(groups, distances, index):
        p = points[i] if i >= 0 else None
        result.villages.append(Village(
            transformer_id=g["transformer_id"], name=g["tname"] or g["sname"], station_name=g["sname"],
            station_path=g["spath"], latitude=g["lat"], longitude=g["lon"], customers=g["n"],
            distance_km=float(d), limit_km=standards[g["spath"]].max_km,
            nearest=p and {"id": p["id"], "name": p["name"], "kind": in_language(p["kind__name"], p["kind__name_en"]),
                           "latitude": p["latitude"], "longitude": p["longitude"]},
            measure=measures.get(g["transformer_id"], "")))
    return result
