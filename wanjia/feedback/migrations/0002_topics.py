"""Feedback topics (data, editable in the admin). `feedback_item_create(topic=...)` accepts a code or a name."""
from django.db import migrations

TOPICS = [
    ("supply_quality", "供電質量(低電壓、頻繁停電)"),
    ("outage", "停電通知與計劃停電"),
    ("repair", "故障搶修"),
    ("connection", "業擴報裝"),
    ("billing", "電費電價與繳費"),
    ("metering", "電能計量"),
    ("safety", "用電安全與隱患"),
    ("service", "服務態度與窗口服務"),
    ("facilities", "線路與設施建設"),
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
