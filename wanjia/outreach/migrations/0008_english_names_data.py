"""The seeded six walk-in checklists' English text and guidance (migration 0002)."""
from django.db import migrations

from wanjia.core.english import fill_english

TEXTS = {
    "供电安全:线路、台区、表箱无安全隐患": "Supply safety: no hazards on lines, transformer areas or meter boxes",
    "低电压与供电质量": "Low voltage and supply quality",
    "缴费便利": "Ease of payment",
    "供电安全:配电房、楼道表箱、电动车充电": "Supply safety: distribution rooms, stairwell meter boxes, e-bike charging",
    "居民住宅供配电设施移交": "Handover of residential supply facilities",
    "安全用电宣传教育已开展": "Electrical safety education held",
    "绿色通道已建立": "Green channel set up",
    "应急电源与应急预案已检查": "Emergency power and outage plan checked",
    "协助开展停电应急演练": "Outage emergency drill supported",
    "高危及高耗能客户用电安全": "Electrical safety of high-risk and energy-intensive customers",
    "应急预案": "Emergency plan",
    "有序用电方案": "Orderly power use plan",
    "节能诊断": "Energy-saving diagnosis",
    "免费上门检查已完成": "Free home inspection done",
    "隐患已消除": "Hazards removed",
    "办实事解难题": "A practical problem solved",
}

GUIDANCE = {
    "检查村内线路对地距离、树线矛盾、表箱锁闭与接地": "Check the village lines' clearance to ground, trees touching lines, and that meter boxes are locked and earthed",
    "听取村民反映,抽测末端电压,记录低电压台区": "Hear what villagers report, spot-check the voltage at line ends, record low-voltage transformer areas",
    "村内或就近是否有代收点、自助终端,村民是否会用手机缴费": "Is there an agent point or self-service terminal in or near the village; can villagers pay by mobile phone",
    "检查配电房防小动物、消防器材,楼道表箱和飞线充电": "Check distribution rooms' small-animal guards and fire equipment, stairwell meter boxes and trailing-cable charging",
    "小区配电资产是否已移交,未移交的记录原因和产权方": "Have the estate's distribution assets been handed over; if not, record why and who owns them",
    "开展安全用电课或讲座,发放宣传资料": "Give an electrical safety lesson or talk and hand out leaflets",
    "学校报装、报修绿色通道及联系人已建立": "The school has a green channel for connections and repairs, with a contact person",
    "检查自备应急电源容量、切换装置和停电应急预案": "Check the capacity of the on-site emergency power, the changeover equipment and the outage emergency plan",
    "协助医院开展停电应急演练并记录问题": "Help the hospital run an outage emergency drill and record the problems found",
    "医院报装、报修绿色通道及联系人已建立": "The hospital has a green channel for connections and repairs, with a contact person",
    "检查高危、高耗能客户的供电方式、保安负荷和设备状况": "Check high-risk and energy-intensive customers' supply arrangement, security load and equipment condition",
    "客户停电应急预案是否完备并经演练": "Is the customer's outage emergency plan complete and drilled",
    "客户有序用电方案(限电序位、可中断负荷)是否落实": "Is the customer's orderly power use plan (curtailment order, interruptible load) in place",
    "为客户开展节能诊断并提出建议": "Carry out an energy-saving diagnosis for the customer and give recommendations",
    "对室内线路、开关、插座免费检查": "Inspect indoor wiring, switches and sockets free of charge",
    "发现的用电隐患当场或限期消除": "Hazards found are removed on the spot or by a set date",
    "为困难家庭解决至少一件实际困难(如更换老化线路、灯具)": "Solve at least one practical problem for the household (e.g. replace old wiring or lamps)",
}


class Migration(migrations.Migration):
    dependencies = [("outreach", "0007_english_names")]
    operations = [
        fill_english("outreach", "ChecklistItem", "text", TEXTS),
        fill_english("outreach", "ChecklistItem", "guidance", GUIDANCE),
    ]
