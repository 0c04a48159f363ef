"""The five-in-place (五到位) scorecard items, from the action plan: five dimensions of two items each.
Each item is worth 10 points; `source_code` names the data source (an entry of an app's scorecard.SOURCES),
blank where only an assessor's recorded score applies. Editable in the admin."""
from django.db import migrations

SOURCE = "《為民服務 創先爭優》活動方案:「五到位」"

ITEMS = [
    ("branch_pairing", "責任到位", "黨支部結對", "支部和黨員結對客戶的覆蓋率", "branch_pairing"),
    ("member_visits", "責任到位", "黨員走訪", "本期有走訪記錄的結對比例", "member_visits"),
    ("counter_service", "窗口服務到位", "窗口服務", "營業窗口服務評價(滿意率)", "counter_service"),
    ("hall_facilities", "窗口服務到位", "營業廳設施", "營業廳便民設施齊全完好率", "hall_facilities"),
    ("connection_efficiency", "業務流程到位", "業擴報裝效率", "業擴各環節按時完成率", "connection_efficiency"),
    ("convenience_services", "業務流程到位", "便民服務", "便民服務措施落實情況", "convenience_services"),
    ("repair_response", "故障搶修到位", "搶修響應", "搶修按時到達率", "repair_response"),
    ("repair_restoration", "故障搶修到位", "及時復電", "按時恢復供電率", "repair_restoration"),
    ("payment_channels", "電費回收到位", "繳費渠道", "繳費渠道覆蓋率", "payment_channels"),
    ("fast_collection", "電費回收到位", "快速回收", "電費按期回收率", "fast_collection"),
]


def load(apps, schema_editor):
    ScorecardItem = apps.get_model("campaign", "ScorecardItem")
    ScorecardItem.objects.bulk_create([
        ScorecardItem(code=code, dimension=dimension, name=name, description=description, max_points=10,
                      source_code=source_code, order=i, source=SOURCE)
        for i, (code, dimension, name, description, source_code) in enumerate(ITEMS, start=1)
    ])


def unload(apps, schema_editor):
    apps.get_model("campaign", "ScorecardItem").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("campaign", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
