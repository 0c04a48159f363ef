"""Data migrations that give seeded rows their English (`name_en` beside `name`, ...)."""
from django.db import migrations


def fill_english(app_label: str, model_name: str, field: str, english: dict[str, str]) -> migrations.RunPython:
    """Fill `<field>_en` of the rows whose Chinese `<field>` is still a seeded text, from `english` (Chinese ->
    English). Rows an administrator renamed, or already gave an English, are left as they are."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for zh, en in english.items():
            model.objects.filter(**{field: zh, f"{field}_en": ""}).update(**{f"{field}_en": en})

    return migrations.RunPython(forward, migrations.RunPython.noop)
