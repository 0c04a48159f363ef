"""Business-hall forms. They only parse input; the services decide. `apply_errors` puts a service's refusal
beside the field it names."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wanjia.connections.models import (ApplicationType, BoundaryPoint, DesignationScope, Payer, WorkSide, IntakeChannel, PauseReason,
                                       RequiredDocument)
from wanjia.core.dates import QueryDateField
from wanjia.core.errors import DomainError
from wanjia.customers.models import Customer, CustomerClass, GreenChannelKind
from wanjia.org.models import Unit, UnitKind, User
from wanjia.org.services import station_for_location

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control form-control-sm"},
                               format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def apply_errors(form: forms.Form, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


def handler_choices(application, actor):
    """Users who may handle the application: staff of its station or of a unit above it, within the actor's
    own scope."""
    path = application.station.path
    prefixes = [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]
    users = User.objects.filter(unit__path__in=prefixes, is_active=True)
    if not actor.is_superuser and actor.unit_id:
        users = users.filter(unit__path__startswith=actor.unit.path)
    return users.order_by("unit__path", "username")


def station_from_location(latitude, longitude) -> Unit:
    """The station whose service area holds the point, for an intake that gives a location but no station."""
    if latitude is None or longitude is None:
        raise ValidationError(_("请选择供电所,或填写用电位置的经纬度。"))
    station = station_for_location(latitude, longitude)
    if station is None:
        raise ValidationError(_("该位置不在任何供电所的服务区域内,请选择供电所。"))
    return station


class IntakeForm(StyledForm):
    application_type = forms.ChoiceField(label=_("业务类型"), choices=ApplicationType.choices)
    customer_class = forms.ChoiceField(label=_("客户类别"), choices=CustomerClass.choices)
    account_number = forms.CharField(label=_("户号(增容必填)"), required=False, max_length=20)
    applicant_name = forms.CharField(label=_("申请人"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    requested_kva = forms.DecimalField(label=_("申请容量(kVA)"), max_digits=9, decimal_places=1)
    address = forms.CharField(label=_("用电地址"), max_length=200)
    latitude = forms.FloatField(label=_("纬度"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("经度"), required=False, min_value=-180, max_value=180)
    station = forms.ModelChoiceField(label=_("供电所(留空按位置确定)"), queryset=Unit.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=IntakeChannel.choices, initial=IntakeChannel.COUNTER)
    green_channel = forms.ModelChoiceField(
        label=_("绿色通道"), queryset=GreenChannelKind.objects.filter(is_active=True), required=False,
        empty_label=_("不属于绿色通道(增容时按客户档案)"),
        help_text=_("医院、学校等:优先办理,各环节另按本单位内部目标考核。"))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["station"].queryset = Unit.objects.restrict(user).filter(kind=UnitKind.STATION)

    def clean(self):
        data = super().clean()
        number = (data.get("account_number") or "").strip()
        data["customer"] = None
        if number:
            data["customer"] = Customer.objects.restrict(self.user).filter(account_number=number).first()
            if data["customer"] is None:
                self.add_error("account_number", _("在您的单位范围内找不到这个户号。"))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("纬度和经度必须同时填写。"))
        elif "station" in data and data["station"] is None:
            try:
                data["station"] = station_from_location(data.get("latitude"), data.get("longitude"))
            except ValidationError as exc:
                self.add_error("station", exc.messages)
        return data

    def documents(self, files) -> list:
        """(requirement, file) pairs from the checklist inputs named doc_<id>."""
        ids = {int(k[4:]): f for k, f in files.items() if k.startswith("doc_") and k[4:].isdigit()}
        requirements = RequiredDocument.objects.in_bulk(list(ids))
        return [(requirements[i], f) for i, f in ids.items() if i in requirements]


class FinishForm(StyledForm):
    stage = forms.CharField(widget=forms.HiddenInput)
    at = forms.DateTimeField(label=_("完成时间(留空为现在)"), required=False, widget=DATETIME,
                             input_formats=DATETIME_FORMATS)
    note = forms.CharField(label=_("办理意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_handler = forms.ModelChoiceField(label=_("下一环节处理人(留空沿用)"), required=False,
                                          queryset=User.objects.none())

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_handler"].queryset = handler_choices(application, user)


class AssignForm(StyledForm):
    handler = forms.ModelChoiceField(label=_("处理人"), queryset=User.objects.none())

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_choices(application, user)


class PauseForm(StyledForm):
    reason = forms.ChoiceField(label=_("暂停原因"), choices=PauseReason.choices)
    detail = forms.CharField(label=_("等待客户的具体事项"), max_length=300)
    needs_visit = forms.BooleanField(label=_("需客户到厅或到现场"), required=False)
    at = forms.DateTimeField(label=_("暂停时间(留空为现在)"), required=False, widget=DATETIME,
                             input_formats=DATETIME_FORMATS)


class ResumeForm(StyledForm):
    at = forms.DateTimeField(label=_("恢复时间(留空为现在)"), required=False, widget=DATETIME,
                             input_formats=DATETIME_FORMATS)


class DocumentForm(StyledForm):
    requirement = forms.ModelChoiceField(label=_("清单项"), queryset=RequiredDocument.objects.none(),
                                         required=False, empty_label=_("(其他资料)"))
    file = forms.FileField(label=_("文件(PDF 或图片)"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = RequiredDocument.objects.filter(
            customer_class=application.customer_class, is_active=True,
            application_type__in=["", application.application_type])


class VisitForm(StyledForm):
    purpose = forms.CharField(label=_("到厅事由"), max_length=200)
    at = forms.DateTimeField(label=_("时间(留空为现在)"), required=False, widget=DATETIME,
                             input_formats=DATETIME_FORMATS)


class DesignationForm(StyledForm):
    """The customer states whom they chose. Deliberately a free-text box with no suggestions: the system never
    offers a list of contractors."""

    scope = forms.ChoiceField(label=_("事项"), choices=DesignationScope.choices)
    chosen_freely = forms.BooleanField(label=_("客户确认为自主选择"), required=False, initial=True)
    chosen_party = forms.CharField(label=_("客户选定的单位(由客户方填写)"), max_length=200,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    declared_by = forms.CharField(label=_("客户确认人"), max_length=100)
    staff_recommended = forms.BooleanField(label=_("客户反映工作人员有推荐或指定"), required=False)
    recommendation_detail = forms.CharField(label=_("推荐、指定或非自主选择的情况"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))


class BoundaryForm(StyledForm):
    """业扩投资界面: the property boundary and, one per line, each work with its side and who pays."""

    boundary_point = forms.ChoiceField(label=_("产权分界点"), choices=BoundaryPoint.choices)
    description = forms.CharField(label=_("分界点说明"), max_length=300, required=False)
    works = forms.CharField(
        label=_("工程及出资方"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项:工程内容,电源侧/客户侧,供电企业/客户。例:10千伏线路延伸,电源侧,供电企业"))

    SIDES = {str(label): value for value, label in WorkSide.choices} | {"电源侧": WorkSide.UTILITY,
                                                                         "客户侧": WorkSide.CUSTOMER}
    PAYERS = {str(label): value for value, label in Payer.choices}

    def clean_works(self):
        works = []
        for n, line in enumerate(self.cleaned_data["works"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace(",", ",").rsplit(",", 2)]
            if len(parts) != 3 or parts[1] not in self.SIDES or parts[2] not in self.PAYERS:
                raise ValidationError(_("第 %(n)s 行应为:工程内容,电源侧/客户侧,供电企业/客户") % {"n": n})
            works.append({"description": parts[0], "side": self.SIDES[parts[1]], "payer": self.PAYERS[parts[2]]})
        return works


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("撤销原因"), max_length=300)


class ReviewForm(StyledForm):
    note = forms.CharField(label=_("稽核意见"), widget=forms.Textarea(attrs={"rows": 2}))


class TrackForm(forms.Form):
    number = forms.CharField(label=_("申请编号"), max_length=20,
                             widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
    phone_last4 = forms.RegexField(label=_("联系电话后四位"), regex=r"^\d{4}$",
                                   error_messages={"invalid": _("请输入4位数字。")},
                                   widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                                                 "maxlength": 4, "autocomplete": "off"}))


class FiguresForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)
    start = QueryDateField(label=_("起"), widget=forms.DateInput(attrs={"type": "date"}))
    end = QueryDateField(label=_("止"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).exclude(kind=UnitKind.HALL)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data
