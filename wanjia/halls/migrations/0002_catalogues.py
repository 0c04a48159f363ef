"""Starting catalogues for halls. Every row says where it comes from; administrators change them in the admin."""
from django.db import migrations

PLAN = "萬家行動方案「窗口服務優質到位」"
LOCAL = "本系統預設清單(營業廳常見配置),請按本單位營業廳建設規範增刪"

FACILITIES = [
    ("queue_system", "排隊叫號系統", "取號、叫號、等候人數顯示"),
    ("evaluator", "服務評價器", "每個窗口一台,辦結後客戶當場評價"),
    ("self_service_terminal", "自助繳費終端", "現金/銀行卡/掃碼繳費、發票打印"),
    ("notice_board", "業務公示欄", "公示電價、收費標準、服務承諾、辦事流程和時限"),
    ("waiting_seats", "等候座椅", ""),
    ("writing_desk", "填單台及填寫範本", ""),
    ("accessible_entrance", "無障礙通道", "坡道、扶手,輪椅可直達窗口"),
    ("priority_counter", "老年人及殘疾人優先窗口", "綠色通道、愛心座椅"),
    ("convenience_kit", "便民服務箱", "老花鏡、雨傘、醫藥箱、筆"),
    ("drinking_water", "飲水設施", ""),
    ("opinion_box", "意見簿/意見箱", ""),
    ("staff_board", "上崗人員公示牌", "窗口人員姓名、工號、照片"),
]
SERVICES = [
    ("new_connection", "新裝增容(業擴報裝)"),
    ("fault_report", "故障報修受理"),
    ("bill_payment", "電費繳納"),
    ("invoice", "發票打印"),
    ("name_change", "更名過戶"),
    ("tariff_enquiry", "電價電費諮詢"),
    ("meter_check", "計量裝置校驗申請"),
    ("complaint", "投訴、意見和建議"),
]
PRACTICES = [
    ("first_asked", "首問負責", "第一位被詢問的員工負責到底,不推諉,辦不了的親自引導或轉辦並跟蹤到結果"),
    ("one_time_notice", "一次性告知", "把辦理所需的材料、流程、時限一次講清楚(書面告知),客戶不必多次往返"),
    ("time_limited", "限時辦結", "在承諾時限內辦結並告知客戶時限"),
]
REASONS = [
    ("long_wait", "等候時間長"),
    ("attitude", "服務態度不好"),
    ("not_competent", "業務不熟練、解答不清"),
    ("multiple_trips", "材料或流程未一次告知,需要多次往返"),
    ("passed_on", "推諉,未做到首問負責"),
    ("not_resolved", "問題沒有解決"),
    ("environment", "環境或設施不好"),
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
