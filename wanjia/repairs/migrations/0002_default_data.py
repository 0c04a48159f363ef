"""Fault categories, the two reliability standards and the repair desk settings, each with its source
(shared/regulations.md). Administrators change them in the admin when a rule changes."""
from django.db import migrations

CATEGORIES = [
    # code, name, description, keywords, urgency, groups into outage
    ("no_power", "客户无电", "本户停电、家里没电", "停电,没电,无电", 3, True),
    ("area_outage", "片区停电", "整片、整栋、整村停电", "大面积停电,整片停电,小区停电", 3, True),
    ("low_voltage", "电压异常", "电压低、灯暗、电器无法启动", "电压低,灯暗,电压不稳", 3, False),
    ("meter", "计量装置故障", "电能表故障、表箱损坏、表计烧毁", "电表,表箱,计量", 3, False),
    ("line_down", "线路断落或危险", "电线断落、电杆倾斜、设备冒火等危及人身安全的情况", "断线,倒杆,冒火,触电,危险", 1, False),
    ("customer_side", "客户内部故障", "客户产权范围内的线路或设备故障(表后)", "表后,内部线路,跳闸", 3, False),
]

IEEE = ("IEEE Std 1366-2012 (IEEE Guide for Electric Power Distribution Reliability Indices): sustained "
        "interruptions last longer than 5 minutes; Major Event Days by the 2.5 beta method over five years of "
        "daily SAIDI.")
DLT = ("DL/T 836.1-2016《供电系统供电可靠性评价规程 第1部分:通用要求》:停电持续时间大于3分钟计为停电;"
       "重大事件日沿用 IEEE 1366 的 2.5β 法(可按本单位规定修改)。")


def load(apps, schema_editor):
    FaultCategory = apps.get_model("repairs", "FaultCategory")
    ReliabilityStandard = apps.get_model("repairs", "ReliabilityStandard")
    RepairConfig = apps.get_model("repairs", "RepairConfig")
    for order, (code, name, description, keywords, urgency, groups) in enumerate(CATEGORIES, start=1):
        FaultCategory.objects.create(code=code, name=name, description=description, keywords=keywords,
                                     urgency=urgency, groups_into_outage=groups, sort_order=order * 10)
    ReliabilityStandard.objects.create(code="dlt-836.1-2016", name="DL/T 836.1-2016(大于3分钟计停电)",
                                       momentary_max_minutes=3, source=DLT, is_default=True)
    ReliabilityStandard.objects.create(code="ieee-1366-2012", name="IEEE 1366-2012(大于5分钟计持续停电)",
                                       momentary_max_minutes=5, source=IEEE)
    RepairConfig.objects.create(
        outage_window_minutes=30,
        source="本单位调度规定(默认30分钟,可修改):同一馈线多个台区在时间窗内报修,判为馈线故障。")


def unload(apps, schema_editor):
    for name in ("FaultCategory", "ReliabilityStandard", "RepairConfig"):
        apps.get_model("repairs", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("repairs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
