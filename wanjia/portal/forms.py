from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wanjia.core.uploads import validate_image
from wanjia.org.models import Unit, UnitKind
from wanjia.portal.guard import GuardedForm, phone_digits
from wanjia.portal.models import PortalSettings

PHONE_HELP = gettext_lazy("手机或固定电话,仅用于联系您,不会公开。")


def public_areas():
    """Areas a visitor may pick: prefecture bureaus and counties (public names only)."""
    return Unit.objects.filter(is_active=True, kind__in=[UnitKind.PREFECTURE, UnitKind.COUNTY]).only(
        "code", "name", "depth")


def place_choices():
    """Places to pick when the phone cannot share its location: supply-station areas (towns), grouped under
    their county so a visitor looks only at their own county's towns."""
    counties = {u.path: u.name for u in Unit.objects.filter(is_active=True, kind=UnitKind.COUNTY).only("path", "name")}
    groups: dict[str, list] = {}
    for u in Unit.objects.filter(is_active=True, kind=UnitKind.STATION, latitude__isnull=False).only(
            "name", "path", "latitude", "longitude").order_by("path"):
        county = next((name for path, name in counties.items() if u.path.startswith(path)), "")
        groups.setdefault(county, []).append((f"{u.latitude:.6f},{u.longitude:.6f}", u.name))
    return [("", gettext_lazy("—— 先找到所在县,再选乡镇 ——"))] + list(groups.items())


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not 7 <= len(phone_digits(value)) <= 12:
            raise ValidationError(_("电话号码格式不正确。"))
        return phone_digits(value)


class LocationMixin(forms.Form):
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    place = forms.ChoiceField(label=gettext_lazy("或选择地点"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices()

    def clean(self):
        data = super().clean()
        if data.get("latitude") is None and data.get("place"):
            data["latitude"], data["longitude"] = (float(x) for x in data["place"].split(","))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("place", _("位置不完整,请重新定位或选择地点。"))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern): cleans each, returns a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ReportForm(LocationMixin, GuardedForm):
    caller_name = forms.CharField(label=gettext_lazy("您的称呼"), required=False, max_length=50)
    phone = PhoneField(label=gettext_lazy("联系电话"), max_length=20, help_text=PHONE_HELP)
    category = forms.ChoiceField(label=gettext_lazy("故障类别"))
    description = forms.CharField(label=gettext_lazy("故障情况"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    account_number = forms.CharField(label=gettext_lazy("户号(选填)"), required=False, max_length=20,
                                     help_text=gettext_lazy("填写户号可以更快确定您的位置。"))
    address = forms.CharField(label=gettext_lazy("故障地点描述"), required=False, max_length=200)
    photos = MultipleFileField(label=gettext_lazy("照片(选填)"), required=False)

    field_order = ["category", "description", "phone", "caller_name", "account_number", "address", "place",
                   "photos"]

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        limit = PortalSettings.current().max_photos
        if len(files) > limit:
            raise ValidationError(_("最多上传 %(n)d 张照片。") % {"n": limit})
        if sum(f.size for f in files) > settings.WANJIA_MAX_UPLOAD_BYTES:
            raise ValidationError(_("照片合计超过 %(mb).1f MB。") % {
                "mb": settings.WANJIA_MAX_UPLOAD_BYTES / 1024 / 1024})
        for f in files:
            validate_image(f)
        return files


class TrackForm(GuardedForm):
    number = forms.CharField(label=gettext_lazy("报修单号或报装申请号"), max_length=32)
    phone_last4 = forms.RegexField(label=gettext_lazy("联系电话后四位"), regex=r"^\d{4}$", max_length=4,
                                   error_messages={"invalid": gettext_lazy("请输入4位数字。")},
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class FeedbackForm(GuardedForm):
    topic = forms.ChoiceField(label=gettext_lazy("主题"), required=False)
    area = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, to_field_name="code",
                                  label=gettext_lazy("所在地区(选填)"))
    content = forms.CharField(label=gettext_lazy("意见或建议"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label=gettext_lazy("您的称呼(选填)"), required=False, max_length=50)
    phone = PhoneField(label=gettext_lazy("联系电话(选填)"), required=False, max_length=20,
                       help_text=gettext_lazy("留下电话,我们会把处理结果告诉您;不会公开。"))

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", gettext_lazy("—— 不确定 ——")), *topics]
        self.fields["area"].queryset = public_areas().filter(kind=UnitKind.COUNTY)


class NearbyForm(LocationMixin):
    pass
