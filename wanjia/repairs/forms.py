from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wanjia.customers.widgets import CustomerPicker
from wanjia.network.models import Feeder, Transformer
from wanjia.repairs.models import Channel, FaultCategory, Satisfaction


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(label=_("报修渠道"), choices=Channel.choices, initial=Channel.PHONE_95598)
    caller_name = forms.CharField(label=_("报修人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    account_number = forms.CharField(label=_("户号"), max_length=20, required=False, widget=CustomerPicker)
    category = forms.ModelChoiceField(label=_("故障类别"), queryset=FaultCategory.objects.filter(is_active=True),
                                      to_field_name="code")
    description = forms.CharField(label=_("故障描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    address = forms.CharField(label=_("故障地址"), max_length=200, required=False)
    latitude = forms.FloatField(label=_("纬度"), required=False)
    longitude = forms.FloatField(label=_("经度"), required=False)
    photos = forms.FileField(label=_("照片"), required=False, widget=MultipleFileInput(attrs={"accept": "image/*"}))


class PlannedOutageForm(forms.Form):
    feeder = forms.ModelChoiceField(label=_("馈线"), queryset=Feeder.objects.none())
    transformers = forms.ModelMultipleChoiceField(label=_("台区(不选为全线)"), queryset=Transformer.objects.none(),
                                                  required=False)
    starts_at = forms.DateTimeField(label=_("停电开始"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("计划复电"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    notice_at = forms.DateTimeField(label=_("公告时间"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    area_description = forms.CharField(label=_("停电范围"), max_length=300)
    cause_detail = forms.CharField(label=_("检修内容"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feeder"].queryset = Feeder.objects.restrict(user).select_related("station")
        self.fields["transformers"].queryset = Transformer.objects.restrict(user)


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("客户意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's field errors beside the form's fields (unknown fields at the top)."""
    for field, messages in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
