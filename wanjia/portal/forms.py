from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
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


def county_choices():
    """Counties to pick, grouped under their prefecture bureau."""
    groups: dict[str, list] = {}
    prefectures = {u.path: u.name for u in Unit.objects.filter(is_active=True, kind=UnitKind.PREFECTURE)
                   .only("path", "name")}
    for u in Unit.objects.filter(is_active=True, kind=UnitKind.COUNTY).only("code", "name", "path").order_by("path"):
        prefecture = next((name for path, name in prefectures.items() if u.path.startswith(path)), "")
        groups.setdefault(prefecture, []).append((u.code, u.name))
    return [("", gettext_lazy("—— 选择所在县 ——"))] + list(groups.items())


def county_places(code: str) -> list:
    """The villages and communities of the county with this code (none for an unknown code, or where the
    repairs app that keeps place names is not installed)."""
    county = Unit.objects.filter(is_active=True, kind=UnitKind.COUNTY, code=code).first() if code else None
    if county is None or not apps.is_installed("wanjia.repairs"):
        return []
    from wanjia.repairs.selectors import public_places

    return public_places(county=county)


def place_choices(places) -> list:
    """The picker's options: the places grouped under the station serving them."""
    if not places:
        return [("", gettext_lazy("—— 请先选择所在县 ——"))]
    groups: dict[str, list] = {}
    for place in places:
        groups.setdefault(place.station.name, []).append((place.code, place.name))
    return [("", gettext_lazy("—— 选择村或社区 ——"))] + list(groups.items())


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not 7 <= len(phone_digits(value)) <= 12:
            raise ValidationError(_("电话号码格式不正确。"))
        return phone_digits(value)


class LocationMixin(forms.Form):
    """Where the visitor is: the phone's position, or a village or community picked in their county. A picked
    place gives its station (a report goes there) and its position (or its station's, for the nearest halls)."""

    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    county = forms.ChoiceField(label=gettext_lazy("所在县"), required=False,
                               widget=forms.Select(attrs={"class": "form-select"}))
    # Checked in clean() against the chosen county, so a place of another county gets a clear error.
    place = forms.CharField(label=gettext_lazy("村或社区"), required=False, max_length=32,
                            widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = county_choices()
        # Choosing a county fetches its villages and communities into the picker (HTMX); without scripts the
        # form comes back with them after the first submit.
        self.fields["county"].widget.attrs.update({"hx-get": reverse("portal:places"), "hx-target": "#id_place",
                                                   "hx-swap": "outerHTML", "hx-trigger": "change"})
        county = self.data.get(self.add_prefix("county")) if self.is_bound else self.initial.get("county")
        self.places = county_places(county or "")
        self.fields["place"].widget.choices = place_choices(self.places)

    def clean(self):
        data = super().clean()
        code, data["station"] = data.get("place"), None
        if code:
            place = next((p for p in self.places if p.code == code), None)
            if place is None:
                self.add_error("place", _("所选村或社区不在所选的县内,请在本县的村和社区中重新选择。")
                               if data.get("county") else _("请先选择所在县,再选择村或社区。"))
            else:
                data["station"] = place.station
                if data.get("latitude") is None:
                    source = place if place.has_location else place.station
                    data["latitude"], data["longitude"] = source.latitude, source.longitude
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("place", _("位置不完整,请重新定位或选择村或社区。"))
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
