"""The bureau's editable rules for connections, each row with where it came from: the stage map, the
required-documents checklist and the capacity ceilings. Figures not found in a published rule are marked
as this bureau's own (本单位规定) so an administrator knows they are a choice, not a statute."""
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
    "环节依《供电监管办法》第十二条的业扩环节(供电方案答复、设计审核、中间检查、竣工检验、装表接电);"
    "居民客户不设设计审核和中间检查(该办法对居民未规定这两个环节的时限)。"
)
SMALL_LV_SOURCE = MAP_SOURCE + (
    "低压非居民申请容量不超过100 kVA的按小微低压办理、免设计审核和中间检查:本单位规定,"
    "参照发改能源规〔2020〕1479号对小微企业简化报装流程的要求,门槛可在后台修改。"
)

DOC_SOURCE = (
    "本局可编辑的报装必备资料清单(本单位规定),按业扩报装通行做法整理:居民凭身份证明和房屋产权或租赁证明,"
    "非居民另需营业执照等主体证明、负责人身份证明和用电设备清单;高压另需项目批准(核准、备案)文件,"
    "双电源另需重要负荷说明。非法规原文,请按本局规定增删。"
)
# (class, type or "" for all, code, name)
DOCUMENTS = [
    ("resident", "", "id_card", "用电人有效身份证明(居民身份证等)"),
    ("resident", "", "property", "房屋产权证明或租赁合同(附产权人同意书)"),
    *[(cls, "", code, name) for cls in ["lv_non_resident", "hv_single", "hv_dual"] for code, name in [
        ("business_licence", "营业执照或组织机构证明"),
        ("representative_id", "法定代表人(负责人)身份证明及授权委托书"),
        ("property", "用电地址产权证明或租赁协议"),
        ("load_list", "用电设备清单(负荷清单)"),
    ]],
    ("hv_single", "new", "project_approval", "用电项目批准(核准、备案)文件"),
    ("hv_dual", "new", "project_approval", "用电项目批准(核准、备案)文件"),
    ("hv_dual", "", "dual_supply_reason", "双电源需求说明及重要负荷清单"),
    *[(cls, "temporary", "temporary_term", "临时用电期限及用途说明") for cls in CLASSES],
]

CAPACITY = {
    "resident": (Decimal("50"), (
        "本单位规定:居民申请容量上限50 kVA,参照《供电营业规则》(1996)第十二条需用变压器容量50千伏安及以下"
        "可低压三相供电的规定;更大容量按非居民或高压办理。")),
    "lv_non_resident": (Decimal("160"), (
        "本单位规定:低压非居民申请容量上限160 kVA,参照发改能源规〔2020〕1479号「160千瓦及以下」低压接入的"
        "要求(按千瓦约等于千伏安理解);更大容量按高压办理。")),
    "hv_single": (None, "高压单电源不设容量上限(由供电方案确定)。"),
    "hv_dual": (None, "高压双电源不设容量上限(由供电方案确定)。"),
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
