import datetime as dt

import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.customers.models import CustomerClass
from wanjia.orderly.models import PolicyTier
from wanjia.orderly.services import forecast_create, load_profile_save


def tier(code):
    return PolicyTier.objects.get(code=code)


def add_profile(county, code, curtailable, *, peak=None, security=10.0, protected=False, actor=None):
    customer = make_customer(county, customer_class=CustomerClass.HV_SINGLE, is_protected_load=protected)
    peak = peak or curtailable + security + 20
    return load_profile_save(actor=actor or county.users["manager"], customer=customer, tier=tier(code),
                             contracted_capacity_kw=peak * 1.25, peak_load_kw=peak, security_load_kw=security,
                             curtailable_load_kw=curtailable)


@pytest.fixture
def day():
    """Tomorrow + 2 days (local), so a plan for it can still be published with 24 h notice."""
    return timezone.localdate() + dt.timedelta(days=3)


def at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def add_gap(county, day, hour, gap, max_demand=1000.0, hours=1):
    return forecast_create(actor=county.users["manager"], unit=county.unit, start=at(day, hour),
                           end=at(day, hour) + dt.timedelta(hours=hours), max_demand_kw=max_demand, gap_kw=gap)
