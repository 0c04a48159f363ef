"""The seeded policy sets' and other time limits' English names (migrations 0003 and 0006)."""
from django.db import migrations

from wanjia.core.english import fill_english

POLICY_SETS = {
    "监管时限(供电监管办法)": "Regulatory limits (Electricity Supply Supervision Measures)",
    "企业承诺(国网十项承诺 2023)": "Company commitments (State Grid ten commitments, 2023)",
    "获得电力(发改能源规〔2020〕1479号)": "Getting electricity (NDRC energy regulation [2020] No. 1479)",
    "获得电力(2025-06-03 意见)": "Getting electricity (opinion of 2025-06-03)",
}

OTHER_LIMITS = {
    "客户投诉处理答复": "Reply to a customer complaint",
    "计划检修停电提前公告": "Advance notice of a planned maintenance outage",
    "临时检修停电提前通知重要客户": "Advance notice to protected-load customers of a temporary maintenance outage",
    "小微企业用电报装全流程": "Whole process of a small or micro business connection",
    "低压用电报装全流程(无外线工程)": "Whole process of a low-voltage connection (no external line works)",
    "低压用电报装全流程(有外线工程)": "Whole process of a low-voltage connection (with external line works)",
}


class Migration(migrations.Migration):
    dependencies = [("commitments", "0009_english_names")]
    operations = [
        fill_english("commitments", "PolicySet", "name", POLICY_SETS),
        fill_english("commitments", "OtherTimeLimit", "name", OTHER_LIMITS),
    ]
