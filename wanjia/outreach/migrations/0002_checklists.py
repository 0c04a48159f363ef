"""The six walk-ins' checklists, from the action plan's text (為民服務 創先爭優 活動方案, 「六走進」). They are
data: administrators edit, add or retire items in the admin without a code change."""
from django.db import migrations

SOURCE = "《為民服務 創先爭優》活動方案:「六走進」工作要求"

CHECKLISTS = {
    "village": [
        ("供電安全:線路、台區、表箱無安全隱患", "檢查村內線路對地距離、樹線矛盾、表箱鎖閉與接地"),
        ("低電壓與供電質量", "聽取村民反映,抽測末端電壓,記錄低電壓台區"),
        ("繳費便利", "村內或就近是否有代收點、自助終端,村民是否會用手機繳費"),
    ],
    "community": [
        ("供電安全:配電房、樓道表箱、電動車充電", "檢查配電房防小動物、消防器材,樓道表箱和飛線充電"),
        ("居民住宅供配電設施移交", "小區配電資產是否已移交,未移交的記錄原因和產權方"),
    ],
    "school": [
        ("安全用電宣傳教育已開展", "開展安全用電課或講座,發放宣傳資料"),
        ("綠色通道已建立", "學校報裝、報修綠色通道及聯繫人已建立"),
    ],
    "hospital": [
        ("應急電源與應急預案已檢查", "檢查自備應急電源容量、切換裝置和停電應急預案"),
        ("協助開展停電應急演練", "協助醫院開展停電應急演練並記錄問題"),
        ("綠色通道已建立", "醫院報裝、報修綠色通道及聯繫人已建立"),
    ],
    "enterprise": [
        ("高危及高耗能客戶用電安全", "檢查高危、高耗能客戶的供電方式、保安負荷和設備狀況"),
        ("應急預案", "客戶停電應急預案是否完備並經演練"),
        ("有序用電方案", "客戶有序用電方案(限電序位、可中斷負荷)是否落實"),
        ("節能診斷", "為客戶開展節能診斷並提出建議"),
    ],
    "hardship": [
        ("免費上門檢查已完成", "對室內線路、開關、插座免費檢查"),
        ("隱患已消除", "發現的用電隱患當場或限期消除"),
        ("辦實事解難題", "為困難家庭解決至少一件實際困難(如更換老化線路、燈具)"),
    ],
}


def load(apps, schema_editor):
    ChecklistItem = apps.get_model("outreach", "ChecklistItem")
    ChecklistItem.objects.bulk_create([
        ChecklistItem(category=category, order=i, text=text, guidance=guidance, source=SOURCE)
        for category, items in CHECKLISTS.items() for i, (text, guidance) in enumerate(items, start=1)
    ])


def unload(apps, schema_editor):
    apps.get_model("outreach", "ChecklistItem").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
