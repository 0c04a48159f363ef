"""How every form renders (`settings.FORM_RENDERER`): one field template for all apps, so a required field is
marked, help and errors sit where a reader looks, and long lists become searchable pickers, the same on every
page. `{{ form }}` renders a whole form; `{{ field.as_field_group }}` one field in a layout of its own."""
from django import forms
from django.forms.renderers import DjangoTemplates

# Choices of these models run long (a province's units, a county's staff and crews): their selects become
# searchable pickers (`data-picker`, set up by wanjia.js). Customers are too many to list: see
# `customers.widgets.CustomerPicker`, which searches on the server.
PICKED_MODELS = {"org.Unit", "org.User", "repairs.Crew"}


def bootstrap_class(widget) -> str:
    """Bootstrap's class for a widget that names none of its own."""
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):  # RadioSelect: also checkbox lists
        return "form-check-input"
    return "form-select" if isinstance(widget, forms.Select) else "form-control"


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if "class" not in widget.attrs and "class" not in attrs and not widget.is_hidden:
            attrs["class"] = bootstrap_class(widget)
        model = getattr(getattr(self.field, "queryset", None), "model", None)
        if (isinstance(widget, forms.Select) and model is not None and model._meta.label in PICKED_MODELS):
            attrs.setdefault("data-picker", "")
        if self.errors and not widget.is_hidden:
            attrs["class"] = f"{attrs.get('class', widget.attrs.get('class', ''))} is-invalid".strip()
        return attrs


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = BoundField
