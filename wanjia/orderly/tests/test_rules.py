"""Warning levels at their boundaries, load data validation, forecast validation and import."""
import pytest
from django.core.exceptions import ValidationError

from wanjia.core.testing import make_customer
from wanjia.customers.importer import ImportFailed
from wanjia.customers.models import CustomerClass
from wanjia.orderly.models import ShortageForecast, WarningLevel
from wanjia.orderly.services import forecast_import, load_profile_save, warning_level_for
from wanjia.orderly.tests.conftest import add_gap, at, tier


@pytest.mark.parametrize("gap, level", [
    (0, None), (0.1, "blue"), (5, "blue"), (5.01, "yellow"), (10, "yellow"), (10.01, "orange"),
    (20, "orange"), (20.01, "red"), (100, "red")])
def test_warning_level_boundaries_fall_on_the_less_severe_side(db, gap, level):
    found = warning_level_for(gap, 100)
    assert (found.code if found else None) == level


def test_thresholds_are_data(db):
    WarningLevel.objects.filter(code="red").update(share_above="0.15")
    assert warning_level_for(16, 100).code == "red"
    assert list(WarningLevel.objects.get(code="red").measures.values_list("name", flat=True)) == \
        ["错峰", "避峰", "限电", "拉闸"]
    assert list(WarningLevel.objects.get(code="blue").measures.values_list("code", flat=True)) == ["shift_peak"]


def save(county, **overrides):
    customer = overrides.pop("customer", None) or make_customer(county, customer_class=CustomerClass.HV_SINGLE)
    values = dict(tier=tier("general"), contracted_capacity_kw=500, peak_load_kw=400, security_load_kw=50,
                  curtailable_load_kw=200)
    values.update(overrides)
    return load_profile_save(actor=county.users["manager"], customer=customer, **values)


@pytest.mark.parametrize("overrides, field", [
    ({"security_load_kw": 600}, "security_load_kw"),
    ({"peak_load_kw": 600}, "peak_load_kw"),
    ({"curtailable_load_kw": 360}, "curtailable_load_kw"),
    ({"curtailable_load_kw": -1}, "curtailable_load_kw"),
    ({"contracted_capacity_kw": -5}, "contracted_capacity_kw"),
    ({"tier": "protected"}, "curtailable_load_kw"),
])
def test_bad_load_data_is_refused_with_the_field(tree, overrides, field):
    if overrides.get("tier"):
        overrides["tier"] = tier(overrides["tier"])
    with pytest.raises(ValidationError) as exc:
        save(tree.a, **overrides)
    assert field in exc.value.message_dict


def test_residents_and_protected_customers(tree):
    with pytest.raises(ValidationError) as exc:
        save(tree.a, customer=make_customer(tree.a))
    assert "customer" in exc.value.message_dict
    hospital = make_customer(tree.a, customer_class=CustomerClass.HV_DUAL, is_protected_load=True)
    with pytest.raises(ValidationError) as exc:
        save(tree.a, customer=hospital)
    assert "tier" in exc.value.message_dict
    assert save(tree.a, customer=hospital, tier=tier("protected"), curtailable_load_kw=0).tier.is_protected


def test_forecasts_refuse_overlaps_and_gaps_above_demand(tree, day):
    add_gap(tree.a, day, 10, 100, hours=2)
    with pytest.raises(ValidationError) as exc:
        add_gap(tree.a, day, 11, 50)
    assert "start" in exc.value.message_dict
    add_gap(tree.b, day, 11, 50)  # another area may overlap
    with pytest.raises(ValidationError) as exc:
        add_gap(tree.a, day, 14, 1200, max_demand=1000)
    assert "gap_kw" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        add_gap(tree.a, day, 15, -1)
    assert "gap_kw" in exc.value.message_dict


def test_import_is_all_or_nothing(tree, day):
    good = f"单位编码,开始,结束,最大需求(kW),缺口(kW)\n{tree.a.unit.code},{day} 10:00,{day} 11:00,1000,150\n"
    assert forecast_import(actor=tree.a.users["manager"], data=good.encode(), filename="gap.csv") == 1
    assert ShortageForecast.objects.get().start == at(day, 10)
    bad = (f"单位编码,开始,结束,最大需求(kW),缺口(kW)\n{tree.a.unit.code},{day} 12:00,{day} 13:00,1000,150\n"
           f"{tree.b.unit.code},{day} 12:00,{day} 13:00,1000,150\n"
           f"{tree.a.unit.code},{day} 10:30,{day} 11:30,1000,abc\n")
    with pytest.raises(ImportFailed) as exc:
        forecast_import(actor=tree.a.users["manager"], data=bad.encode("gbk"), filename="gap.csv")
    messages = [str(e) for e in exc.value.errors]
    assert messages[0].startswith("第 3 行") and "范围" in messages[0]  # county B is outside county A's scope
    assert messages[1].startswith("第 4 行")
    assert ShortageForecast.objects.count() == 1


def test_tick_warns_the_area_once_per_forecast(tree, day):
    import datetime as dt

    from wanjia.notifications.models import Notification
    from wanjia.orderly import tick

    add_gap(tree.a, day, 20, 250)  # 25%: red
    add_gap(tree.a, day + dt.timedelta(days=5), 20, 250)  # beyond the look-ahead
    now = at(day, 0) - dt.timedelta(days=1)
    assert tick.run(now)["warnings_sent"] == 2  # county A's manager and dispatcher
    assert tick.run(now)["warnings_sent"] == 0
    note = Notification.objects.filter(kind="orderly_warning").first()
    assert note.subject.startswith("红色预警(I)") and "拉闸" in note.body
    assert not Notification.objects.filter(recipient__unit=tree.b.unit).exists()


def test_import_reads_xlsx_with_real_date_and_number_cells(tree, day):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位编码", "开始", "结束", "最大需求(kW)", "缺口(kW)", "说明"])
    sheet.append([tree.a.unit.code, at(day, 19).replace(tzinfo=None), at(day, 20).replace(tzinfo=None), 2000, 230.5,
                  "日前预测"])
    buffer = BytesIO()
    book.save(buffer)
    assert forecast_import(actor=tree.a.users["dispatcher"], data=buffer.getvalue(), filename="gap.xlsx") == 1
    forecast = ShortageForecast.objects.get()
    assert (forecast.start, forecast.gap_kw, warning_level_for(forecast.gap_kw, forecast.max_demand_kw).code) == \
        (at(day, 19), 230.5, "orange")
