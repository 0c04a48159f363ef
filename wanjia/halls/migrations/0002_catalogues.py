"""Starting catalogues for halls. Every row says where it comes from; administrators change them in the admin."""
from django.db import migrations

PLAN = "万家行动方案「窗口服务优质到位」"
LOCAL = "本系统预设清单(营业厅常见配置),请按本单位营业厅建设规范增删"

FACILITIES = [
    ("queue_system", "排队叫号系统", "取号、叫号、等候人数显示"),
    ("evaluator", "服务评价器", "每个窗口一台,办结后客户当场评价"),
    ("self_service_terminal", "自助缴费终端", "现金/银行卡/扫码缴费、发票打印"),
    ("notice_board", "业务公示栏", "公示电价、收费标准、服务承诺、办事流程和时限"),
    ("waiting_seats", "等候座椅", ""),
    ("writing_desk", "填单台及填写范本", ""),
    ("accessible_entrance", "无障碍通道", "坡道、扶手,轮椅可直达窗口"),
    ("priority_counter", "老年人及残疾人优先窗口", "绿色通道、爱心座椅"),
    ("convenience_kit", "便民服务箱", "老花镜、雨伞、医药箱、笔"),
    ("drinking_water", "饮水设施", ""),
    ("opinion_box", "意见簿/意见箱", ""),
    ("staff_board", "上岗人员公示牌", "窗口人员姓名、工号、照片"),
]
SERVICES = [
    ("new_connection", "新装增容(业扩报装)"),
    ("fault_report", "故障报修受理"),
    ("bill_payment", "电费缴纳"),
    ("invoice", "发票打印"),
    ("name_change", "更名过户"),
    ("tariff_enquiry", "电价电费咨询"),
    ("meter_check", "计量装置校验申请"),
    ("complaint", "投诉、意见和建议"),
]
PRACTICES = [
    ("first_asked", "首问负责", "第一位被询问的员工负责到底,不推诿,办不了的亲自引导或转办并跟踪到结果"),
    ("one_time_notice", "一次性告知", "把办理所需的材料、流程、时限一次讲清楚(书面告知),客户不必多次往返"),
    ("time_limited", "限时办结", "在承诺时限内办结并告知客户时限"),
]
REASONS = [
    ("long_wait", "等候时间长"),
    ("attitude", "服务态度不好"),
    ("not_competent", "业务不熟练、解答不清"),
    ("multiple_trips", "材料或流程未一次告知,需要多次往返"),
    ("passed_on", "推诿,未做到首问负责"),
    ("not_resolved", "问题没有解决"),
    ("environment", "环境或设施不好"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    for model, rows, source in [("Facility", FACILITIES, LOCAL), ("HallService", SERVICES, LOCAL),
                                ("Practice", PRACTICES, PLAN), ("DissatisfactionReason", REASONS, LOCAL)]:
        Model = apps.get_model("halls", model)
        for order, row in enumerate(rows, start=1):
            code, name, *rest = row
            Model.objects.create(code=code, name=name, description=rest[0] if rest else "", source=source,
                                 order=order * 10)


def unload(apps, schema_editor):
    for model, rows in [("Facility", FACILITIES), ("HallService", SERVICES), ("Practice", PRACTICES),
                        ("DissatisfactionReason", REASONS)]:
        apps.get_model("halls", model).objects.filter(code__in=[r[0] for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("halls", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
