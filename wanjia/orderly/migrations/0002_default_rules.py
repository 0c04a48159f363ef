"""Today's orderly-power-use rules (shared/regulations.md): policy tiers in their order, warning levels by gap
share, the measures in the order they may be used, the notice period and the rotation window. Each row names
its source so an administrator can see where a rule came from and change it when the rule changes."""
from decimal import Decimal

from django.db import migrations

MEASURES_RULE = ("《有序用电管理办法》(发改运行〔2011〕832号,二手来源):按先错峰、后避峰、再限电、最后拉闸的顺序安排。")
TIER_RULE = "《有序用电管理办法》(发改运行〔2011〕832号,二手来源)「优先保障」「重点限制」范围。"
LEVEL_RULE = ("《有序用电管理办法》(发改运行〔2011〕832号,二手来源):按电力缺口占当期最大用电需求的比例,"
              "红色(I级)20%以上、橙色(II级)10%–20%、黄色(III级)5%–10%、蓝色(IV级)5%以下。"
              "原文未说明恰为5%、10%、20%时归哪一级;本系统按「以上」取严格大于,边界值归较轻一级。")
LEVEL_MEASURES = ("各级可用措施为万家默认:缺口越大可用的措施越多,拉闸只在红色预警时列入(措施顺序依据同上),"
                  "请按本省有序用电方案修改。")

TIERS = [
    ("restricted", "重点限制", 10, False,
     "违规建成或在建项目;产业结构调整目录中淘汰类、限制类企业;单位产品能耗高于国家或地方强制性能耗限额标准的企业;"
     "景观照明、亮化工程;其他高耗能、高排放企业。"),
    ("general", "一般工商业", 50, False, "不属于优先保障、也不属于重点限制的其他非居民客户。"),
    ("protected", "优先保障", 90, True,
     "居民生活和重要农业生产;党政军机关、应急指挥、广播电视、电信、交通枢纽、监狱;"
     "停电会危及人身和设备安全的负荷(如危险化学品生产);重大活动、医院、金融机构、学校;供水、供热、能源等基础设施;"
     "国家重点工程、军工企业。"),
]
MEASURES = [
    ("shift_peak", "错峰", 1, "调整生产班次,把用电移到低谷时段。"),
    ("avoid_peak", "避峰", 2, "高峰时段停用部分设备,避开用电高峰。"),
    ("limit", "限电", 3, "在规定时段把负荷压到限额以下。"),
    ("switch_off", "拉闸", 4, "以上措施仍不足时,最后才在线路上停电。"),
]
LEVELS = [
    ("red", "红色预警", "I", "#dc3545", Decimal("0.20"), ["shift_peak", "avoid_peak", "limit", "switch_off"]),
    ("orange", "橙色预警", "II", "#fd7e14", Decimal("0.10"), ["shift_peak", "avoid_peak", "limit"]),
    ("yellow", "黄色预警", "III", "#ffc107", Decimal("0.05"), ["shift_peak", "avoid_peak"]),
    ("blue", "蓝色预警", "IV", "#0d6efd", Decimal("0"), ["shift_peak"]),
]
SHIFTS = [
    ("night", "夜班(22:00–次日06:00)", "生产移到夜间低谷"),
    ("midday", "午间(11:00–14:00)", "光伏大发时段"),
    ("weekend", "周末", "周末生产、工作日轮休"),
]
NOTICE_RULE = ("有序用电方案须提前告知客户(《有序用电管理办法》,二手来源)。未查到统一的提前小时数,"
               "暂参照国网「十项承诺」(2023)「临时检修停电提前24小时通知重要客户」取24小时,请按本省方案修改。")


def seed(apps, schema_editor):
    PolicyTier = apps.get_model("orderly", "PolicyTier")
    Measure = apps.get_model("orderly", "Measure")
    WarningLevel = apps.get_model("orderly", "WarningLevel")
    ShiftOption = apps.get_model("orderly", "ShiftOption")
    OrderlyPolicy = apps.get_model("orderly", "OrderlyPolicy")
    for code, name, priority, protected, description in TIERS:
        PolicyTier.objects.create(code=code, name=name, priority=priority, is_protected=protected,
                                  description=description,
                                  source=TIER_RULE if code != "general" else "其余客户,介于两者之间。")
    measures = {}
    for code, name, order, description in MEASURES:
        measures[code] = Measure.objects.create(code=code, name=name, order=order, description=description,
                                                source=MEASURES_RULE)
    for code, name, grade, color, share, allowed in LEVELS:
        level = WarningLevel.objects.create(code=code, name=name, grade=grade, color=color, share_above=share,
                                            source=f"{LEVEL_RULE}{LEVEL_MEASURES}")
        level.measures.set([measures[m] for m in allowed])
    for code, name, description in SHIFTS:
        ShiftOption.objects.create(code=code, name=name, description=description)
    OrderlyPolicy.objects.create(name="默认规则", notice_hours=24, rotation_window_days=30, is_active=True,
                                 source=NOTICE_RULE + "轮休统计回看30天为万家默认。")


class Migration(migrations.Migration):
    dependencies = [("orderly", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
