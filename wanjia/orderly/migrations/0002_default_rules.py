"""Today's orderly-power-use rules (shared/regulations.md): policy tiers in their order, warning levels by gap
share, the measures in the order they may be used, the notice period and the rotation window. Each row names
its source so an administrator can see where a rule came from and change it when the rule changes."""
from decimal import Decimal

from django.db import migrations

MEASURES_RULE = ("《有序用電管理辦法》(發改運行〔2011〕832號,二手來源):按先錯峰、後避峰、再限電、最後拉閘的順序安排。")
TIER_RULE = "《有序用電管理辦法》(發改運行〔2011〕832號,二手來源)「優先保障」「重點限制」範圍。"
LEVEL_RULE = ("《有序用電管理辦法》(發改運行〔2011〕832號,二手來源):按電力缺口佔當期最大用電需求的比例,"
              "紅色(I級)20%以上、橙色(II級)10%–20%、黃色(III級)5%–10%、藍色(IV級)5%以下。"
              "原文未說明恰為5%、10%、20%時歸哪一級;本系統按「以上」取嚴格大於,邊界值歸較輕一級。")
LEVEL_MEASURES = ("各級可用措施為萬家默認:缺口越大可用的措施越多,拉閘只在紅色預警時列入(措施順序依據同上),"
                  "請按本省有序用電方案修改。")

TIERS = [
    ("restricted", "重點限制", 10, False,
     "違規建成或在建項目;產業結構調整目錄中淘汰類、限制類企業;單位產品能耗高於國家或地方強制性能耗限額標準的企業;"
     "景觀照明、亮化工程;其他高耗能、高排放企業。"),
    ("general", "一般工商業", 50, False, "不屬於優先保障、也不屬於重點限制的其他非居民客戶。"),
    ("protected", "優先保障", 90, True,
     "居民生活和重要農業生產;黨政軍機關、應急指揮、廣播電視、電信、交通樞紐、監獄;"
     "停電會危及人身和設備安全的負荷(如危險化學品生產);重大活動、醫院、金融機構、學校;供水、供熱、能源等基礎設施;"
     "國家重點工程、軍工企業。"),
]
MEASURES = [
    ("shift_peak", "錯峰", 1, "調整生產班次,把用電移到低谷時段。"),
    ("avoid_peak", "避峰", 2, "高峰時段停用部分設備,避開用電高峰。"),
    ("limit", "限電", 3, "在規定時段把負荷壓到限額以下。"),
    ("switch_off", "拉閘", 4, "以上措施仍不足時,最後才在線路上停電。"),
]
LEVELS = [
    ("red", "紅色預警", "I", "#dc3545", Decimal("0.20"), ["shift_peak", "avoid_peak", "limit", "switch_off"]),
    ("orange", "橙色預警", "II", "#fd7e14", Decimal("0.10"), ["shift_peak", "avoid_peak", "limit"]),
    ("yellow", "黃色預警", "III", "#ffc107", Decimal("0.05"), ["shift_peak", "avoid_peak"]),
    ("blue", "藍色預警", "IV", "#0d6efd", Decimal("0"), ["shift_peak"]),
]
SHIFTS = [
    ("night", "夜班(22:00–次日06:00)", "生產移到夜間低谷"),
    ("midday", "午間(11:00–14:00)", "光伏大發時段"),
    ("weekend", "週末", "週末生產、工作日輪休"),
]
NOTICE_RULE = ("有序用電方案須提前告知客戶(《有序用電管理辦法》,二手來源)。未查到統一的提前小時數,"
               "暫參照國網「十項承諾」(2023)「臨時檢修停電提前24小時通知重要客戶」取24小時,請按本省方案修改。")


def seed(apps, schema_editor):
    PolicyTier = apps.get_model("orderly", "PolicyTier")
    Measure = apps.get_model("orderly", "Measure")
    WarningLevel = apps.get_model("orderly", "WarningLevel")
    ShiftOption = apps.get_model("orderly", "ShiftOption")
    OrderlyPolicy = apps.get_model("orderly", "OrderlyPolicy")
    for code, name, priority, protected, description in TIERS:
        PolicyTier.objects.create(code=code, name=name, priority=priority, is_protected=protected,
                                  description=description,
                                  source=TIER_RULE if code != "general" else "其餘客戶,介於兩者之間。")
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
    OrderlyPolicy.objects.create(name="默認規則", notice_hours=24, rotation_window_days=30, is_active=True,
                                 source=NOTICE_RULE + "輪休統計回看30天為萬家默認。")


class Migration(migrations.Migration):
    dependencies = [("orderly", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
