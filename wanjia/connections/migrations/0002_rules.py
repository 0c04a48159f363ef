"""The bureau's editable rules for connections, each row with where it came from: the stage map, the
required-documents checklist and the capacity ceilings. Figures not found in a published rule are marked
as this bureau's own (本單位規定) so an administrator knows they are a choice, not a statute."""
from decimal import Decimal

from django.db import migrations

CLASSES = ["resident", "lv_non_resident", "hv_single", "hv_dual"]
TYPES = ["new", "capacity_increase", "temporary"]
ALL_STAGES = ["acceptance", "supply_plan", "design_review", "intermediate_inspection", "completion_inspection",
              "metering", "archived"]
# Small low-voltage applications skip design review and intermediate inspection.
SMALL_LV_KVA = Decimal("100")
SKIPPED_BY_SMALL = {"design_review", "intermediate_inspection"}

MAP_SOURCE = (
    "環節依《供電監管辦法》第十二條的業擴環節(供電方案答復、設計審核、中間檢查、竣工檢驗、裝表接電);"
    "居民客戶不設設計審核和中間檢查(該辦法對居民未規定這兩個環節的時限)。"
)
SMALL_LV_SOURCE = MAP_SOURCE + (
    "低壓非居民申請容量不超過100 kVA的按小微低壓辦理、免設計審核和中間檢查:本單位規定,"
    "參照發改能源規〔2020〕1479號對小微企業簡化報裝流程的要求,門檻可在後台修改。"
)

DOC_SOURCE = (
    "本局可編輯的報裝必備資料清單(本單位規定),按業擴報裝通行做法整理:居民憑身份證明和房屋產權或租賃證明,"
    "非居民另需營業執照等主體證明、負責人身份證明和用電設備清單;高壓另需項目批准(核准、備案)文件,"
    "雙電源另需重要負荷說明。非法規原文,請按本局規定增刪。"
)
# (class, type or "" for all, code, name)
DOCUMENTS = [
    ("resident", "", "id_card", "用電人有效身份證明(居民身份證等)"),
    ("resident", "", "property", "房屋產權證明或租賃合同(附產權人同意書)"),
    *[(cls, "", code, name) for cls in ["lv_non_resident", "hv_single", "hv_dual"] for code, name in [
        ("business_licence", "營業執照或組織機構證明"),
        ("representative_id", "法定代表人(負責人)身份證明及授權委託書"),
        ("property", "用電地址產權證明或租賃協議"),
        ("load_list", "用電設備清單(負荷清單)"),
    ]],
    ("hv_single", "new", "project_approval", "用電項目批准(核准、備案)文件"),
    ("hv_dual", "new", "project_approval", "用電項目批准(核准、備案)文件"),
    ("hv_dual", "", "dual_supply_reason", "雙電源需求說明及重要負荷清單"),
    *[(cls, "temporary", "temporary_term", "臨時用電期限及用途說明") for cls in CLASSES],
]

CAPACITY = {
    "resident": (Decimal("50"), (
        "本單位規定:居民申請容量上限50 kVA,參照《供電營業規則》(1996)第十二條需用變壓器容量50千伏安及以下"
        "可低壓三相供電的規定;更大容量按非居民或高壓辦理。")),
    "lv_non_resident": (Decimal("160"), (
        "本單位規定:低壓非居民申請容量上限160 kVA,參照發改能源規〔2020〕1479號「160千瓦及以下」低壓接入的"
        "要求(按千瓦約等於千伏安理解);更大容量按高壓辦理。")),
    "hv_single": (None, "高壓單電源不設容量上限(由供電方案確定)。"),
    "hv_dual": (None, "高壓雙電源不設容量上限(由供電方案確定)。"),
}


def load(apps, schema_editor):
    StageRule = apps.get_model("connections", "StageRule")
    RequiredDocument = apps.get_model("connections", "RequiredDocument")
    CapacityRule = apps.get_model("connections", "CapacityRule")
    rules = []
    for cls in CLASSES:
        for app_type in TYPES:
            position = 0
            for stage in ALL_STAGES:
                if cls == "resident" and stage in SKIPPED_BY_SMALL:
                    continue
                small_lv = cls == "lv_non_resident" and stage in SKIPPED_BY_SMALL
                rules.append(StageRule(customer_class=cls, application_type=app_type, stage=stage, position=position,
                                       min_capacity_kva=SMALL_LV_KVA if small_lv else None,
                                       source=SMALL_LV_SOURCE if cls == "lv_non_resident" else MAP_SOURCE))
                position += 1
    StageRule.objects.bulk_create(rules)
    RequiredDocument.objects.bulk_create([
        RequiredDocument(customer_class=cls, application_type=app_type, code=code, name=name, position=i,
                         source=DOC_SOURCE)
        for i, (cls, app_type, code, name) in enumerate(DOCUMENTS)
    ])
    CapacityRule.objects.bulk_create([CapacityRule(customer_class=cls, max_kva=kva, source=source)
                                      for cls, (kva, source) in CAPACITY.items()])


def unload(apps, schema_editor):
    for name in ("StageRule", "RequiredDocument", "CapacityRule"):
        apps.get_model("connections", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("connections", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
