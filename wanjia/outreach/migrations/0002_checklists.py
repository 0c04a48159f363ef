"""The six walk-ins' checklists, from the action plan's text (为民服务 创先争优 活动方案, 「六走进」). They are
data: administrators edit, add or retire items in the admin without a code change."""
from django.db import migrations

SOURCE = "《为民服务 创先争优》活动方案:「六走进」工作要求"

CHECKLISTS = {
    "village": [
        ("供电安全:线路、台区、表箱无安全隐患", "检查村内线路对地距离、树线矛盾、表箱锁闭与接地"),
        ("低电压与供电质量", "听取村民反映,抽测末端电压,记录低电压台区"),
        ("缴费便利", "村内或就近是否有代收点、自助终端,村民是否会用手机缴费"),
    ],
    "community": [
        ("供电安全:配电房、楼道表箱、电动车充电", "检查配电房防小动物、消防器材,楼道表箱和飞线充电"),
        ("居民住宅供配电设施移交", "小区配电资产是否已移交,未移交的记录原因和产权方"),
    ],
    "school": [
        ("安全用电宣传教育已开展", "开展安全用电课或讲座,发放宣传资料"),
        ("绿色通道已建立", "学校报装、报修绿色通道及联系人已建立"),
    ],
    "hospital": [
        ("应急电源与应急预案已检查", "检查自备应急电源容量、切换装置和停电应急预案"),
        ("协助开展停电应急演练", "协助医院开展停电应急演练并记录问题"),
        ("绿色通道已建立", "医院报装、报修绿色通道及联系人已建立"),
    ],
    "enterprise": [
        ("高危及高耗能客户用电安全", "检查高危、高耗能客户的供电方式、保安负荷和设备状况"),
        ("应急预案", "客户停电应急预案是否完备并经演练"),
        ("有序用电方案", "客户有序用电方案(限电序位、可中断负荷)是否落实"),
        ("节能诊断", "为客户开展节能诊断并提出建议"),
    ],
    "hardship": [
        ("免费上门检查已完成", "对室内线路、开关、插座免费检查"),
        ("隐患已消除", "发现的用电隐患当场或限期消除"),
        ("办实事解难题", "为困难家庭解决至少一件实际困难(如更换老化线路、灯具)"),
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
