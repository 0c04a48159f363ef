from django import forms
from django.utils.translation import gettext_lazy as _

from wanjia.core.errors import DomainError
from wanjia.customers.widgets import CustomerPicker
from wanjia.org.models import Unit, UnitKind
from wanjia.orderly.models import LoadProfile

AREA_KINDS = [UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY]
LOCAL = {"type": "datetime-local"}


def area_field(user):
    return forms.ModelChoiceField(Unit.objects.restrict(user).filter(kind__in=AREA_KINDS), label=_("区域(单位)"))


class LoadProfileForm(forms.ModelForm):
    account_number = forms.CharField(label=_("户号"), max_length=20, widget=CustomerPicker)

    class Meta:
        model = LoadProfile
        fields = ["tier", "contracted_capacity_kw", "peak_load_kw", "security_load_kw", "curtailable_load_kw",
                  "shifts", "contact", "note"]
        widgets = {"shifts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["account_number"]


class ForecastForm(forms.Form):
    start = forms.DateTimeField(label=_("开始"), widget=forms.DateTimeInput(attrs=LOCAL))
    end = forms.DateTimeField(label=_("结束"), widget=forms.DateTimeInput(attrs=LOCAL))
    max_demand_kw = forms.FloatField(label=_("时段最大需求(kW)"))
    gap_kw = forms.FloatField(label=_("预计缺口(kW)"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"unit": area_field(user), **self.fields}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 或 XLSX 文件"))


class PlanForm(forms.Form):
    start_date = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("方案名称"), max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"unit": area_field(user), **self.fields}


def apply_error(form, exc) -> None:
    """Put a service's refusal beside the field it names (or at the top of the form)."""
    if isinstance(exc, DomainError):
        messages = {exc.field or "__all__": [exc.message]}
    else:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, texts in messages.items():
        form.add_error(field if field in form.fields else None, texts)
