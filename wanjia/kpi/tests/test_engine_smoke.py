import datetime as dt

from wanjia.core.testing import make_customer
from wanjia.kpi.models import DailySummary
from wanjia.kpi.registry import Period
from wanjia.kpi.selectors import figures


def test_smoke(tree):
    make_customer(tree.a)
    make_customer(tree.a, customer_class="lv_non_resident", station=tree.a.rural_station)
    make_customer(tree.b)
    rows = list(DailySummary.objects.filter(kpi_code="customers.total").values_list("unit__code", "breakdown", "numerator"))
    print(rows)
    today = dt.date.today()
    f = {x.kpi.code: x for x in figures(tree.prefecture, Period(today.replace(day=1), today))}
    assert f["customers.total"].value == 3
    f = {x.kpi.code: x for x in figures(tree.a.unit, Period(today.replace(day=1), today))}
    assert f["customers.total"].value == 2
