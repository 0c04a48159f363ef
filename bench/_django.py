"""Set up Django on a throw-away benchmark database (PostgreSQL by default)."""
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wanjia_bench"


def setup(database_url: str, *, fresh: bool = True) -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wanjia.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("WANJIA_DATA_DIR", "/tmp/wanjia-bench")
    if fresh:
        _recreate(database_url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _recreate(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def build_units(prefectures: int, counties: int, stations: int):
    """A province with `prefectures` × `counties` × `stations` stations on a grid; returns the province and
    the list of stations."""
    from wanjia.org import geo
    from wanjia.org.models import AreaType, UnitKind
    from wanjia.org.services import unit_create

    province = unit_create(parent=None, code="B", name="基准省", kind=UnitKind.PROVINCE)
    result = []
    for p in range(prefectures):
        prefecture = unit_create(parent=province, code=f"B{p:02d}", name=f"地市{p}", kind=UnitKind.PREFECTURE)
        for c in range(counties):
            county = unit_create(parent=prefecture, code=f"B{p:02d}{c:02d}", name=f"县{p}-{c}", kind=UnitKind.COUNTY)
            for s in range(stations):
                lat, lon = 20 + p + c * 0.1, 100 + s * 0.1
                result.append(unit_create(
                    parent=county, code=f"B{p:02d}{c:02d}{s:02d}", name=f"供电所{p}-{c}-{s}", kind=UnitKind.STATION,
                    area_type=[AreaType.URBAN, AreaType.RURAL, AreaType.REMOTE][s % 3],
                    boundary=geo.rectangle(lat, lat + 0.1, lon, lon + 0.1), latitude=lat + 0.05, longitude=lon + 0.05))
    return province, result
