"""The seeded fault categories' and reliability standards' English names (migration 0002), in the glossary's
words."""
from django.db import migrations

from wanjia.core.english import fill_english

NAMES = {
    "客户无电": "No power at the customer",
    "片区停电": "Area outage",
    "电压异常": "Abnormal voltage",
    "计量装置故障": "Metering equipment fault",
    "线路断落或危险": "Line down or danger",
    "客户内部故障": "Customer-side fault",
}
STANDARDS = {
    "DL/T 836.1-2016(大于3分钟计停电)": "DL/T 836.1-2016 (interruptions longer than 3 minutes)",
    "IEEE 1366-2012(大于5分钟计持续停电)": "IEEE 1366-2012 (sustained interruptions longer than 5 minutes)",
}


class Migration(migrations.Migration):
    dependencies = [("repairs", "0012_english_names")]
    operations = [
        fill_english("repairs", "FaultCategory", "name", NAMES),
        fill_english("repairs", "ReliabilityStandard", "name", STANDARDS),
    ]
