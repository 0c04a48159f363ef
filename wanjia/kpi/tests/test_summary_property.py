"""Whatever sequence of creations, changes, moves and deletions the source records go through, the
incrementally maintained summaries equal a full recomputation: once the worker's fold has drained the stale
keys the writes noted, and when a read in the writer's own transaction folds its own keys."""
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wanjia.core.testing import make_customer
from wanjia.customers.models import Customer, CustomerClass, WalkInCategory
from wanjia.kpi.models import DailySummary, MonthlySummary
from wanjia.kpi.tests.helpers import drained_snapshot, local, rebuilt_snapshot, snapshot

CLASSES = [CustomerClass.RESIDENT, CustomerClass.LV_NON_RESIDENT]
DAYS = [local(2026, 3, d, h) for d in (1, 2, 31) for h in (0, 23)]

op = st.one_of(
    st.tuples(st.just("create"), st.sampled_from("ab"), st.sampled_from(CLASSES), st.booleans()),
    st.tuples(st.just("reclass"), st.integers(0, 20), st.sampled_from(CLASSES)),
    st.tuples(st.just("move"), st.integers(0, 20),
              st.sampled_from(["a", "b", "a_rural", "b_remote", "a_county", "a_hall"])),
    st.tuples(st.just("redate"), st.integers(0, 20), st.sampled_from(DAYS)),
    st.tuples(st.just("walk_in"), st.integers(0, 20), st.sampled_from(["", WalkInCategory.VILLAGE])),
    st.tuples(st.just("delete"), st.integers(0, 20)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=12), drain=st.booleans(),
       floor=st.sampled_from(["county", "station", "prefecture"]))
def test_incremental_summaries_equal_a_rebuild(tree, ops, drain, floor):
    """Whatever the daily floor (kpi.models): counties by default, stations as before it, prefectures."""
    with override_settings(WANJIA_SUMMARY_DAILY_FLOOR=floor):
        _check(tree, ops, drain)


def _check(tree, ops, drain):
    Customer.objects.all().delete()
    DailySummary.objects.all().delete()
    MonthlySummary.objects.all().delete()
    # A record may belong to a unit above the stations (hazards belong to counties): "a_county" puts one
    # there, so a touch meets own records at every level of the chain; "a_hall" one in a hall, a county's
    # other child below the default floor.
    stations = {"a": tree.a.station, "b": tree.b.station, "a_rural": tree.a.rural_station,
                "b_remote": tree.b.remote_station, "a_county": tree.a.unit, "a_hall": tree.a.hall}
    for step in ops:
        existing = list(Customer.objects.order_by("pk"))
        if step[0] == "create":
            _, county, klass, protected = step
            make_customer(getattr(tree, county), customer_class=klass, is_protected_load=protected)
            continue
        if not existing:
            continue
        customer = existing[step[1] % len(existing)]
        if step[0] == "reclass":
            customer.customer_class = step[2]
        elif step[0] == "move":
            customer.station = stations[step[2]]
        elif step[0] == "redate":
            customer.created_at = step[2]
        elif step[0] == "walk_in":
            customer.walk_in_category = step[2]
        elif step[0] == "delete":
            customer.delete()
            continue
        customer.save()
    assert (drained_snapshot() if drain else snapshot()) == rebuilt_snapshot()
