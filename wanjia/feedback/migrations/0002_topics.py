"""Feedback topics (data, editable in the admin). `feedback_item_create(topic=...)` accepts a code or a name."""
from django.db import migrations

TOPICS = [
    ("supply_quality", "供电质量(低电压、频繁停电)"),
    ("outage", "停电通知与计划停电"),
    ("repair", "故障抢修"),
    ("connection", "业扩报装"),
    ("billing", "电费电价与缴费"),
    ("metering", "电能计量"),
    ("safety", "用电安全与隐患"),
    ("service", "服务态度与窗口服务"),
    ("facilities", "线路与设施建设"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("feedback", "Topic")
    Topic.objects.bulk_create([Topic(code=c, name=n, order=i) for i, (c, n) in enumerate(TOPICS, start=1)])


def unload(apps, schema_editor):
    apps.get_model("feedback", "Topic").objects.filter(code__in=[c for c, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
