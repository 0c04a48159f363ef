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
    note = forms.CharField(label=_("完成情況"), widget=forms.Textarea(attrs={"rows": 2}))


class ActivityDayForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("主辦單位"), queryset=Unit.objects.none())
    date = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地點"), max_length=200)
    units = forms.ModelMultipleChoiceField(label=_("參加單位"), queryset=Unit.objects.none(), required=False)
    commitments = forms.CharField(label=_("公開承諾"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    materials = forms.CharField(label=_("發放資料"), required=False)
    materials_count = forms.IntegerField(label=_("發放資料份數"), min_value=0, initial=0)
    attendance = forms.IntegerField(label=_("參加人數"), min_value=0, initial=0)
    photos = PhotosField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["units"].queryset = scoped_units(user)


class PairingForm(StyledForm):
    branch = forms.ModelChoiceField(label=_("黨支部"), queryset=PartyBranch.objects.none())
    member = forms.ModelChoiceField(label=_("黨員"), queryset=PartyMember.objects.none(), required=False)
    customer = forms.CharField(label=_("客戶戶號"), max_length=20)
    started_on = forms.DateField(label=_("結對日期"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["branch"].queryset = PartyBranch.objects.restrict(user)
        self.fields["member"].queryset = PartyMember.objects.restrict(user).select_related("branch")

    def clean_customer(self):
        customer = Customer.objects.restrict(self.user).filter(account_number=self.cleaned_data["customer"]).first()
        if customer is None:
            raise forms.ValidationError(_("找不到該戶號(或不在您的範圍內)。"))
        return customer


class PairingVisitForm(StyledForm):
    pairing = forms.ModelChoiceField(label=_("結對"), queryset=Pairing.objects.none())
    date = forms.DateField(label=_("走訪日期"), widget=DATE)
    content = forms.CharField(label=_("走訪內容"), widget=forms.Textarea(attrs={"rows": 2}))
    help_given = forms.CharField(label=_("解決的問題"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = Pairing.objects.restrict(user).select_related(
            "branch", "member", "customer")


class AssessmentForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("被評單位"), queryset=Unit.objects.none())
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    item = forms.ModelChoiceField(label=_("項目"), queryset=ScorecardItem.objects.all())
    score = forms.DecimalField(label=_("得分"), min_value=0, max_digits=5, decimal_places=1)
    evidence = forms.CharField(label=_("評分依據"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).exclude(pk=user.unit_id)


class GoodPracticeForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("單位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("標題"), max_length=200)
    description = forms.CharField(label=_("做法與成效"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class ReportForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("匯總範圍"), queryset=Unit.objects.none())

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(path__startswith=campaign.unit.path)
