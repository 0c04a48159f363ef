"""The five-in-place (五到位) items as the action plan names them, five dimensions of two items each, every one
computed from the records (`source_code` names the app's `scorecard.SOURCES` entry) and its description
saying how. Codes stay as they were, so goals and assessments keep pointing at the same items."""
from django.db import migrations

SOURCE = "《为民服务 创先争优》活动方案:「五到位」"

ITEMS = [  # code, dimension, name, source_code, how it is computed
    ("branch_pairing", "党工团责任到位", "党支部结对到位", "branch_pairing",
     "党支部、党员服务队、工人先锋队、青年志愿者服务队及其在册成员中,本期有结对客户的比例。"),
    ("member_visits", "党工团责任到位", "党员走访到位", "member_visits",
     "本期有效的结对中,本期有走访记录的比例。"),
    ("counter_service", "窗口服务优质到位", "柜台服务到位", "counter_service",
     "本期窗口服务评价满意率与期末技能考核全部合格的窗口人员比例的平均(只有一项有数据时取该项)。"),
    ("hall_facilities", "窗口服务优质到位", "布点设施到位", "hall_facilities",
     "各营业厅便民设施检查项目(截至期末最近一次检查)齐全完好的比例。"),
    ("connection_efficiency", "业务流程高效到位", "业扩优化到位", "connection_optimisation",
     "本期办结的业扩环节按时完成率 × 本期登记三指定或投资界面的申请中无违规疑点的比例;三指定和投资界面疑点都会拉低本项。"),
    ("convenience_services", "业务流程高效到位", "便民服务到位", "convenience_services",
     "本期送电的业扩申请中,客户到厅不超过一次的比例。"),
    ("repair_response", "故障抢修快捷到位", "报修响应到位", "repair_response",
     "本期受理的报修工单中,抢修人员在到达时限内到达现场的比例。"),
    ("repair_restoration", "故障抢修快捷到位", "复电及时到位", "repair_restoration",
     "本期受理并已复电的工单中,在复电时限内恢复供电的比例。"),
    ("payment_channels", "缴费方式方便到位", "交费渠道到位", "payment_channels",
     "全部居民客户中,按住址(无坐标时按台区)到期末在用实体缴费点的距离不超过缴费半径、或所在村已完成流动收费等措施的比例。"),
    ("fast_collection", "缴费方式方便到位", "收费快捷到位", "fast_collection",
     "本期缴费中在入账时限内记入客户账户的比例(尚在时限内未入账的不计)。"),
]

OLD = {  # the first seed's wording, for reversing
    "branch_pairing": ("责任到位", "党支部结对", "支部和党员结对客户的覆盖率", "branch_pairing"),
    "member_visits": ("责任到位", "党员走访", "本期有走访记录的结对比例", "member_visits"),
    "counter_service": ("窗口服务到位", "窗口服务", "营业窗口服务评价(满意率)", "counter_service"),
    "hall_facilities": ("窗口服务到位", "营业厅设施", "营业厅便民设施齐全完好率", "hall_facilities"),
    "connection_efficiency": ("业务流程到位", "业扩报装效率", "业扩各环节按时完成率", "connection_efficiency"),
    "convenience_services": ("业务流程到位", "便民服务", "便民服务措施落实情况", "convenience_services"),
    "repair_response": ("故障抢修到位", "抢修响应", "抢修按时到达率", "repair_response"),
    "repair_restoration": ("故障抢修到位", "及时复电", "按时恢复供电率", "repair_restoration"),
    "payment_channels": ("电费回收到位", "缴费渠道", "缴费渠道覆盖率", "payment_channels"),
    "fast_collection": ("电费回收到位", "快速回收", "电费按期回收率", "fast_collection"),
}


def load(apps, schema_editor):
    Item = apps.get_model("campaign", "ScorecardItem")
    for order, (code, dimension, name, source_code, description) in enumerate(ITEMS, start=1):
        Item.objects.update_or_create(code=code, defaults={
            "dimension": dimension, "name": name, "source_code": source_code, "description": description,
            "order": order, "max_points": 10, "source": SOURCE})
    Item.objects.exclude(code__in=[i[0] for i in ITEMS]).filter(source=SOURCE).delete()


def unload(apps, schema_editor):
    Item = apps.get_model("campaign", "ScorecardItem")
    for code, (dimension, name, description, source_code) in OLD.items():
        Item.objects.filter(code=code).update(dimension=dimension, name=name, description=description,
                                              source_code=source_code)


class Migration(migrations.Migration):
    dependencies = [("campaign", "0006_counter_training_requirement")]
    operations = [migrations.RunPython(load, unload)]
