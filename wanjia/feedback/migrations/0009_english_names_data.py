"""The seeded feedback topics' English names (migration 0002)."""
from django.db import migrations

from wanjia.core.english import fill_english

NAMES = {
    "供电质量(低电压、频繁停电)": "Supply quality (low voltage, frequent outages)",
    "停电通知与计划停电": "Outage notices and planned outages",
    "故障抢修": "Fault repair",
    "业扩报装": "Connection applications",
    "电费电价与缴费": "Bills, tariffs and payment",
    "电能计量": "Metering",
    "用电安全与隐患": "Electrical safety and hazards",
    "服务态度与窗口服务": "Service manner and counter service",
    "线路与设施建设": "Lines and facilities construction",
    "其他": "Other",
}


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_english_names")]
    operations = [
        fill_english("feedback", "Topic", "name", NAMES),
    ]
