"""Forms for the campaign pages. They parse input only; the rules live in the services, whose DomainErrors
`form_error` puts beside the field at fault."""
from django import forms
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.models import Campaign, Pairing, PartyBranch, PartyMember, ScorecardItem
from wanjia.core.errors import DomainError
from wanjia.customers.models import Customer
from wanjia.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by the service (core.uploads.validate_image)."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("照片"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


def form_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def scoped_units(user):
    return Unit.objects.restrict(user).filter(is_active=True)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class TaskCompleteForm(StyledForm):
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ActivityDayForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    date = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200)
    units = forms.ModelMultipleChoiceField(label=_("参加单位"), queryset=Unit.objects.none(), required=False)
    commitments = forms.CharField(label=_("公开承诺"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    materials = forms.CharField(label=_("发放资料"), required=False)
    materials_count = forms.IntegerField(label=_("发放资料份数"), min_value=0, initial=0)
    attendance = forms.IntegerField(label=_("参加人数"), min_value=0, initial=0)
    photos = PhotosField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["units"].queryset = scoped_units(user)


class PairingForm(StyledForm):
    branch = forms.ModelChoiceField(label=_("党支部"), queryset=PartyBranch.objects.none())
    member = forms.ModelChoiceField(label=_("党员"), queryset=PartyMember.objects.none(), required=False)
    customer = forms.CharField(label=_("客户户号"), max_length=20)
    started_on = forms.DateField(label=_("结对日期"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["branch"].queryset = PartyBranch.objects.restrict(user)
        self.fields["member"].queryset = PartyMember.objects.restrict(user).select_related("branch")

    def clean_customer(self):
        customer = Customer.objects.restrict(self.user).filter(account_number=self.cleaned_data["customer"]).first()
        if customer is None:
            raise forms.ValidationError(_("找不到该户号(或不在您的范围内)。"))
        return customer


class PairingVisitForm(StyledForm):
    pairing = forms.ModelChoiceField(label=_("结对"), queryset=Pairing.objects.none())
    date = forms.DateField(label=_("走访日期"), widget=DATE)
    content = forms.CharField(label=_("走访内容"), widget=forms.Textarea(attrs={"rows": 2}))
    help_given = forms.CharField(label=_("解决的问题"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = Pairing.objects.restrict(user).select_related(
            "branch", "member", "customer")


class AssessmentForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("被评单位"), queryset=Unit.objects.none())
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    item = forms.ModelChoiceField(label=_("项目"), queryset=ScorecardItem.objects.all())
    score = forms.DecimalField(label=_("得分"), min_value=0, max_digits=5, decimal_places=1)
    evidence = forms.CharField(label=_("评分依据"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).exclude(pk=user.unit_id)


class GoodPracticeForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("做法与成效"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class ReportForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("汇总范围"), queryset=Unit.objects.none())

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(path__startswith=campaign.unit.path)
