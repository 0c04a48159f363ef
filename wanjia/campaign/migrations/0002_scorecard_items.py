"""The five-in-place (五到位) scorecard items, from the action plan: five dimensions of two items each.
Each item is worth 10 points; `source_code` names the data source (an entry of an app's scorecard.SOURCES),
blank where only an assessor's recorded score applies. Editable in the admin."""
from django.db import migrations

SOURCE = "《为民服务 创先争优》活动方案:「五到位」"

ITEMS = [
    ("branch_pairing", "责任到位", "党支部结对", "支部和党员结对客户的覆盖率", "branch_pairing"),
    ("member_visits", "责任到位", "党员走访", "本期有走访记录的结对比例", "member_visits"),
    ("counter_service", "窗口服务到位", "窗口服务", "营业窗口服务评价(满意率)", "counter_service"),
    ("hall_facilities", "窗口服务到位", "营业厅设施", "营业厅便民设施齐全完好率", "hall_facilities"),
    ("connection_efficiency", "业务流程到位", "业扩报装效率", "业扩各环节按时完成率", "connection_efficiency"),
    ("convenience_services", "业务流程到位", "便民服务", "便民服务措施落实情况", "convenience_services"),
    ("repair_response", "故障抢修到位", "抢修响应", "抢修按时到达率", "repair_response"),
    ("repair_restoration", "故障抢修到位", "及时复电", "按时恢复供电率", "repair_restoration"),
    ("payment_channels", "电费回收到位", "缴费渠道", "缴费渠道覆盖率", "payment_channels"),
    ("fast_collection", "电费回收到位", "快速回收", "电费按期回收率", "fast_collection"),
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
