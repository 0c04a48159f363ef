"""The seeded green channel kinds' English names (migration 0006)."""
from django.db import migrations

from wanjia.core.english import fill_english

NAMES = {
    "医院": "Hospital",
    "学校": "School",
}


class Migration(migrations.Migration):
    dependencies = [("customers", "0008_english_names")]
    operations = [
        fill_english("customers", "GreenChannelKind", "name", NAMES),
    ]
