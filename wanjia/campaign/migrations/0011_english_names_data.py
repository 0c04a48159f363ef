"""The five-in-place items' English dimensions and names (as migration 0007 names them)."""
from django.db import migrations

from wanjia.core.english import fill_english

DIMENSIONS = {
    "党工团责任到位": "Party, union and youth group duties in place",  # dimension_en holds 50
    "窗口服务优质到位": "High-quality counter service in place",
    "业务流程高效到位": "Efficient business processes in place",
    "故障抢修快捷到位": "Fast fault repair in place",
    "缴费方式方便到位": "Convenient ways to pay in place",
}
NAMES = {
    "党支部结对到位": "Branch pairing in place",
    "党员走访到位": "Member visits in place",
    "柜台服务到位": "Counter service in place",
    "布点设施到位": "Hall locations and facilities in place",
    "业扩优化到位": "Connection process optimised",
    "便民服务到位": "Convenience services in place",
    "报修响应到位": "Repair response in place",
    "复电及时到位": "Timely restoration in place",
    "交费渠道到位": "Payment channels in place",
    "收费快捷到位": "Fast collection in place",
}


class Migration(migrations.Migration):
    dependencies = [("campaign", "0010_english_names")]
    operations = [
        fill_english("campaign", "ScorecardItem", "dimension", DIMENSIONS),
        fill_english("campaign", "ScorecardItem", "name", NAMES),
    ]
