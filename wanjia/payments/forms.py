from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.network.models import Transformer
from wanjia.org.models import Unit, UnitKind
from wanjia.payments.models import MeasureKind, PaymentChannel


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else (
            "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")
        field.widget.attrs.setdefault("class", css)


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
        _style(self)


class MeasureForm(forms.Form):
    """A measure for one 缴费难 village (`transformer`, fixed by the page): what, by which unit, by when."""

    kind = forms.ModelChoiceField(label=_("措施"), queryset=MeasureKind.objects.all(), empty_label=None)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), empty_label=None)
    description = forms.CharField(label=_("具体内容"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("例如:每月 5 日流动收费车到村委会;发展村小卖部为代收点。"))
    due_date = forms.DateField(label=_("计划完成日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, transformer: Transformer, **kwargs):
        super().__init__(*args, **kwargs)
        # The units that may own it: the village's station and the units above it, as far as the user's scope.
        station = transformer.feeder.station
        owners = Unit.objects.restrict(user, "change").filter(
            pk__in=[station.pk, *(u.pk for u in station.ancestors_nearest_first())])
        self.fields["unit"].queryset = owners.order_by("-depth")
        self.fields["unit"].initial = user.unit_id if owners.filter(pk=user.unit_id).exists() else station.pk
        _style(self)


class MeasureCompleteForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("完成日期"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ModelChoiceField(label=_("新设网点"), queryset=PaymentChannel.objects.none(), required=False,
                                     help_text=_("措施是新设缴费网点时,选择该网点。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.fields["channel"].queryset = PaymentChannel.objects.restrict(user).filter(is_active=True)
        _style(self)
