from django import forms

from wanjia.org.models import Unit, UnitKind
from wanjia.payments.models import PaymentChannel


class ChannelForm(forms.ModelForm):
    class Meta:
        model = PaymentChannel
        fields = ["kind", "name", "unit", "address", "latitude", "longitude", "hours", "phone", "is_active",
                  "opened_on", "closed_on"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}),
                   "closed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user, "change").filter(
            kind__in=[UnitKind.COUNTY, UnitKind.STATION, UnitKind.HALL])
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else (
                "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")
            field.widget.attrs.setdefault("class", css)
