"""The green channel's first kinds: hospitals and schools (the bureau adds others in the admin). No customer is
put in the green channel here: a bureau sets it customer by customer (customer page, admin, import)."""
from django.db import migrations

KINDS = [("hospital", "医院", "医院、卫生院等医疗机构", 10), ("school", "学校", "中小学、幼儿园、高校等", 20)]


def load(apps, schema_editor):
    GreenChannelKind = apps.get_model("customers", "GreenChannelKind")
    for code, name, description, order in KINDS:
        GreenChannelKind.objects.get_or_create(code=code, defaults={"name": name, "description": description,
                                                                    "sort_order": order})


def unload(apps, schema_editor):
    GreenChannelKind = apps.get_model("customers", "GreenChannelKind")
    GreenChannelKind.objects.filter(code__in=[k[0] for k in KINDS], customers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0005_green_channel")]
    operations = [migrations.RunPython(load, unload)]
