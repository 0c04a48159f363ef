"""Every date and date-time box of every form shows its value in the one format the browser's date pickers
take (ISO), in both languages, and what it shows comes back as the same value when submitted."""
import datetime as dt
import inspect
import re
from importlib import import_module

import pytest
from django import forms
from django.conf import settings
from django.utils import timezone, translation

DAY = dt.date(2026, 12, 1)
MOMENT = dt.datetime(2026, 12, 1, 9, 30)
ISO = {"date": r"\d{4}-\d{2}-\d{2}", "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?", "month": r"\d{4}-\d{2}"}


def _date_fields():
    for app in settings.DOMAIN_APPS:
        try:
            module = import_module(f"wanjia.{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, (forms.DateField, forms.DateTimeField)):
                        yield f"{app}.{name}.{field_name}", field


FIELDS = dict(_date_fields())


def test_the_project_has_date_fields_to_check():
    assert len(FIELDS) >= 10


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", sorted(FIELDS))
def test_date_box_shows_iso_and_the_value_survives_the_round_trip(name, language):
    field = FIELDS[name]
    original = MOMENT if isinstance(field, forms.DateTimeField) else DAY
    with translation.override(language):
        html = field.widget.render("x", original)
        shown = re.search(r'value="([^"]*)"', html).group(1)
        kind = field.widget.attrs.get("type") or field.widget.input_type
        if kind in ISO:
            assert re.fullmatch(ISO[kind], shown), (name, kind, shown)
        back = field.clean(shown)
    if isinstance(back, dt.datetime):
        back = timezone.localtime(back).replace(tzinfo=None) if timezone.is_aware(back) else back
    expected = original.replace(day=1) if kind == "month" else original
    assert back == expected, (name, shown, back)
