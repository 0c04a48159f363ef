"""Forms for the campaign pages. They parse input only; the rules live in the services, whose DomainErrors
`form_error` puts beside the field at fault."""
from django import forms
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.models import (Campaign, GoalMeasure, GroupKind, ImprovementKind, LeadingRole, Pairing,
                                    PartyBranch, PartyMember, PhaseKind, RequirementKind, ScorecardItem)
from wanjia.core.errors import DomainError
from wanjia.core.text import label
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.customers.widgets import CustomerPicker
from wanjia.org.models import Unit, UnitKind, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


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
    branch = forms.ModelChoiceField(label=_("党工团组织"), queryset=PartyBranch.objects.none())
    member = forms.ModelChoiceField(label=_("成员"), queryset=PartyMember.objects.none(), required=False)
    customer = forms.CharField(label=_("客户户号"), max_length=20, widget=CustomerPicker)
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


class ImprovementForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("类别"), choices=ImprovementKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("改进内容"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(label=_("施行日期"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class ReportForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("汇总范围"), queryset=Unit.objects.none())

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(path__startswith=campaign.unit.path)


def scoped_users(user, unit: Unit | None = None):
    """Active users the user may name (inside their subtree, or under `unit` when given)."""
    if unit is not None:
        return User.objects.filter(unit__path__startswith=unit.path, is_active=True).order_by("unit__path", "username")
    if user.is_superuser:
        return User.objects.filter(is_active=True).order_by("username")
    return User.objects.filter(unit__path__startswith=user.unit.path if user.unit_id else "-", is_active=True
                               ).order_by("unit__path", "username")


PLAN_UNIT_KINDS = [UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY]


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=200)
    unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    goals = forms.CharField(label=_("工作目标"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    leading_group = forms.CharField(label=_("领导小组说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(kind__in=PLAN_UNIT_KINDS)


class CampaignEditForm(CampaignForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"]


class CampaignCopyForm(StyledForm):
    name = forms.CharField(label=_("新活动名称"), max_length=200)
    start_date = forms.DateField(label=_("新活动开始日期"), widget=DATE,
                                 help_text=_("阶段、要求和任务的日期按同样天数顺延"))
    unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user).filter(kind__in=PLAN_UNIT_KINDS)


class LeadingMemberForm(StyledForm):
    role = forms.ChoiceField(label=_("小组职务"), choices=LeadingRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    position = forms.CharField(label=_("本职岗位"), max_length=100, required=False)
    duty = forms.CharField(label=_("分工"), max_length=200, required=False)
    user = forms.ModelChoiceField(label=_("系统用户"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = scoped_users(user)


class PhaseForm(StyledForm):
    kind = forms.ChoiceField(label=_("阶段"), choices=PhaseKind.choices)
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    description = forms.CharField(label=_("工作内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class GoalForm(StyledForm):
    text = forms.CharField(label=_("目标"), max_length=300)
    measure = forms.ChoiceField(label=_("衡量方式"), choices=GoalMeasure.choices)
    kpi_code = forms.ChoiceField(label=_("关联指标"), required=False)
    count_code = forms.ChoiceField(label=_("计数项目"), required=False)
    target = forms.FloatField(label=_("目标值"), required=False, help_text=_("比率填 0–1(如 0.98),计数填件数"))

    def __init__(self, *args, **kwargs):
        from wanjia.campaign.scoring import sources
        from wanjia.campaign.selectors import COUNTS

        super().__init__(*args, **kwargs)
        items = {i.source_code: label(i) for i in ScorecardItem.objects.exclude(source_code="")}
        self.fields["kpi_code"].choices = [("", "—")] + [(c, items.get(c, c)) for c in sorted(sources())]
        self.fields["count_code"].choices = [("", "—")] + [(c, label) for c, (label, _fn) in COUNTS.items()]


class RequirementForm(StyledForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)  # set when editing one
    kind = forms.ChoiceField(label=_("类型"), choices=RequirementKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("截止日期"), widget=DATE)
    category = forms.ChoiceField(label=_("走进类别"), choices=[("", "—"), *WalkInCategory.choices], required=False)
    unit_kind = forms.ChoiceField(label=_("适用单位"), choices=UnitKind.choices, initial=UnitKind.COUNTY)
    own_unit_only = forms.BooleanField(label=_("仅计本单位主办"), required=False,
                                       help_text=_("只认该单位自己的记录(如局本部的座谈会),不计下属单位的"))
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0)


CASCADE_KINDS = (UnitKind.PREFECTURE, UnitKind.COUNTY, UnitKind.STATION)


class TaskForm(StyledForm):
    phase = forms.ModelChoiceField(label=_("阶段"), queryset=None)
    title = forms.CharField(label=_("任务"), max_length=200)
    description = forms.CharField(label=_("任务要求"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("完成期限"), widget=DATE)
    cascade_kind = forms.ChoiceField(label=_("分解下达到"), required=False,
                                     choices=[("", _("不分解")), *[(k.value, k.label) for k in CASCADE_KINDS]],
                                     help_text=_("为责任单位下属的每个该类单位各建一项任务,逐一跟踪、汇总完成情况"))

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["unit"].queryset = scoped_units(user).filter(path__startswith=campaign.unit.path)
        self.fields["owner"].queryset = scoped_users(user).select_related("unit")


class CascadeForm(StyledForm):
    cascade_kind = forms.ChoiceField(label=_("分解下达到"))

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        below = set(Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth)
                    .values_list("kind", flat=True).distinct())
        self.fields["cascade_kind"].choices = [(k.value, k.label) for k in CASCADE_KINDS if k in below]


class AssignForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=User.objects.none())

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = scoped_users(None, unit)


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("佐证材料(PDF 或图片)"))


class GroupForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=GroupKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())
    secretary = forms.ModelChoiceField(label=_("书记/队长"), queryset=User.objects.none(), required=False,
                                       help_text=_("书记创建时不填即由本人担任"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)
        self.fields["secretary"].queryset = scoped_users(user)


class MemberForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    user = forms.ModelChoiceField(label=_("系统用户"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = scoped_users(user)
