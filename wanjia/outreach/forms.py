"""Forms for visits and hazards; the checklist answers are read from `answer_<item id>` fields built from the
category's checklist (data), so an item added in the admin appears on the next visit form."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.forms import DATE, PhotosField, StyledForm, scoped_units
from wanjia.campaign.models import ActivityDay, Campaign
from wanjia.campaign.selectors import campaign_list
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.customers.widgets import CustomerPicker
from wanjia.org.models import User
from wanjia.outreach.models import HazardSide, Severity, VisitPlan
from wanjia.outreach.services import checklist_for


def scoped_users(user):
    """Staff of the user's subtree (the people a visit team or a rectification order can name)."""
    users = User.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "username")
    if user.is_superuser:
        return users
    return users.filter(unit__path__startswith=user.unit.path) if user.unit_id else users.none()


class VisitForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("活动"), queryset=Campaign.objects.none())
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)
    category = forms.ChoiceField(label=_("走进类别"), choices=WalkInCategory.choices)
    date = forms.DateField(label=_("走访日期"), widget=DATE)
    site = forms.CharField(label=_("走访对象/地点"), max_length=200)
    customer = forms.CharField(label=_("客户户号"), max_length=20, required=False, widget=CustomerPicker)
    # Ticks, not a multi-select list box (which needs Ctrl-click and is unusable on a phone).
    team = forms.ModelMultipleChoiceField(label=_("走访人员"), queryset=None, widget=forms.CheckboxSelectMultiple(
        attrs={"class": "wj-ticks"}))
    activity_day = forms.ModelChoiceField(label=_("社会活动日"), queryset=ActivityDay.objects.none(), required=False)
    plan = forms.ModelChoiceField(label=_("走访计划"), queryset=VisitPlan.objects.none(), required=False,
                                  widget=forms.HiddenInput)
    summary = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    photos = PhotosField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = campaign_list(user=user)
        self.fields["unit"].queryset = scoped_units(user)
        self.fields["team"].queryset = scoped_users(user)
        self.fields["activity_day"].queryset = ActivityDay.objects.filter(campaign__in=campaign_list(user=user))
        self.fields["plan"].queryset = VisitPlan.objects.restrict(user).filter(visit__isnull=True)
        self.fields["category"].widget.attrs.update({"hx-get": reverse("outreach:checklist"), "hx-target": "#checklist",
                                                     "hx-trigger": "change"})

    def clean_customer(self):
        number = self.cleaned_data["customer"]
        if not number:
            return None
        customer = Customer.objects.restrict(self.user).filter(account_number=number).first()
        if customer is None:
            raise forms.ValidationError(_("找不到该户号(或不在您的范围内)。"))
        return customer

    def answers(self, data) -> dict[int, tuple[str, str]]:
        """Answers as posted for the chosen category's checklist; missing ones are left out so the service
        names them."""
        out = {}
        for item in checklist_for(self.cleaned_data["category"]):
            result = data.get(f"answer_{item.pk}")
            if result:
                out[item.pk] = (result, data.get(f"note_{item.pk}", "")[:300])
        return out


class VisitPlanForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("活动"), queryset=Campaign.objects.none())
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)
    category = forms.ChoiceField(label=_("走进类别"), choices=WalkInCategory.choices)
    target = forms.CharField(label=_("走访对象"), max_length=200)
    planned_date = forms.DateField(label=_("计划日期"), widget=DATE)
    team = forms.ModelMultipleChoiceField(label=_("走访人员"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaign_list(user=user)
        self.fields["unit"].queryset = scoped_units(user)
        self.fields["team"].queryset = scoped_users(user)


class HazardForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("活动"), queryset=Campaign.objects.none(), required=False)
    description = forms.CharField(label=_("隐患描述"), widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(label=_("位置"), required=False)
    severity = forms.ChoiceField(label=_("等级"), choices=Severity.choices)
    side = forms.ChoiceField(label=_("责任方"), choices=HazardSide.choices)
    found_on = forms.DateField(label=_("发现日期"), widget=DATE)
    is_self_inspection = forms.BooleanField(label=_("自查发现"), required=False)
    owner = forms.ModelChoiceField(label=_("整改负责人"), queryset=None, required=False)
    deadline = forms.DateField(label=_("整改期限"), widget=DATE, required=False)
    measures = forms.CharField(label=_("整改要求"), required=False)
    photos = PhotosField()

    def __init__(self, *args, user, from_answer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)
        self.fields["campaign"].queryset = campaign_list(user=user)
        self.fields["owner"].queryset = scoped_users(user)
        if from_answer:  # unit and campaign come from the visit
            for name in ("unit", "campaign", "is_self_inspection"):
                del self.fields[name]


class OrderForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("整改负责人"), queryset=None)
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)
    measures = forms.CharField(label=_("整改要求"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = scoped_users(user)


class RectifyForm(StyledForm):
    note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 2}))
    photos = PhotosField(label=_("整改后照片"))


class VerifyForm(StyledForm):
    passed = forms.TypedChoiceField(label=_("验收结论"), choices=[("1", _("合格")), ("0", _("不合格,退回整改"))],
                                    coerce=lambda v: v == "1")
    note = forms.CharField(label=_("验收意见"), required=False)


class CloseForm(StyledForm):
    note = forms.CharField(label=_("销号说明"), required=False)

