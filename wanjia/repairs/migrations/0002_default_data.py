"""Fault categories, the two reliability standards and the repair desk settings, each with its source
(shared/regulations.md). Administrators change them in the admin when a rule changes."""
from django.db import migrations

CATEGORIES = [
    # code, name, description, keywords, urgency, groups into outage
    ("no_power", "客戶無電", "本戶停電、家裡沒電", "停電,沒電,無電", 3, True),
    ("area_outage", "片區停電", "整片、整棟、整村停電", "大面積停電,整片停電,小區停電", 3, True),
    ("low_voltage", "電壓異常", "電壓低、燈暗、電器無法啟動", "電壓低,燈暗,電壓不穩", 3, False),
    ("meter", "計量裝置故障", "電能表故障、表箱損壞、表計燒毀", "電表,表箱,計量", 3, False),
    ("line_down", "線路斷落或危險", "電線斷落、電桿傾斜、設備冒火等危及人身安全的情況", "斷線,倒桿,冒火,觸電,危險", 1, False),
    ("customer_side", "客戶內部故障", "客戶產權範圍內的線路或設備故障(表後)", "表後,內部線路,跳閘", 3, False),
]

IEEE = ("IEEE Std 1366-2012 (IEEE Guide for Electric Power Distribution Reliability Indices): sustained "
        "interruptions last longer than 5 minutes; Major Event Days by the 2.5 beta method over five years of "
        "daily SAIDI.")
DLT = ("DL/T 836.1-2016《供電系統供電可靠性評價規程 第1部分:通用要求》:停電持續時間大於3分鐘計為停電;"
       "重大事件日沿用 IEEE 1366 的 2.5β 法(可按本單位規定修改)。")


def load(apps, schema_editor):
    FaultCategory = apps.get_model("repairs", "FaultCategory")
    ReliabilityStandard = apps.get_model("repairs", "ReliabilityStandard")
    RepairConfig = apps.get_model("repairs", "RepairConfig")
    for order, (code, name, description, keywords, urgency, groups) in enumerate(CATEGORIES, start=1):
        FaultCategory.objects.create(code=code, name=name, description=description, keywords=keywords,
                                     urgency=urgency, groups_into_outage=groups, sort_order=order * 10)
    ReliabilityStandard.objects.create(code="dlt-836.1-2016", name="DL/T 836.1-2016(大於3分鐘計停電)",
                                       momentary_max_minutes=3, source=DLT, is_default=True)
    ReliabilityStandard.objects.create(code="ieee-1366-2012", name="IEEE 1366-2012(大於5分鐘計持續停電)",
                                       momentary_max_minutes=5, source=IEEE)
    RepairConfig.objects.create(
        outage_window_minutes=30,
        source="本單位調度規定(默認30分鐘,可修改):同一饋線多個台區在時間窗內報修,判為饋線故障。")


def unload(apps, schema_editor):
    for name in ("FaultCategory", "ReliabilityStandard", "RepairConfig"):
        apps.get_model("repairs", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("repairs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
