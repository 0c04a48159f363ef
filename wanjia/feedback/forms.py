from django import forms
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.forms import DATE, StyledForm, scoped_units
from wanjia.campaign.models import Campaign
from wanjia.campaign.selectors import campaign_list
from wanjia.feedback.models import AttendeeKind, Channel, DeliveryMethod, Topic, WorkKind
from wanjia.org.models import Unit

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


class ItemForm(StyledForm):
    """Counter, hotline or web feedback typed in by staff (forum opinions are recorded on the forum page)."""

    channel = forms.ChoiceField(label=_("渠道"), choices=[c for c in Channel.choices if c[0] != Channel.FORUM])
    content = forms.CharField(label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.ModelChoiceField(label=_("主题"), queryset=Topic.objects.all(), required=False)
    name = forms.CharField(label=_("提出人"), required=False)
    phone = forms.CharField(label=_("联系电话"), required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False,
                                  help_text=_("不填则进入分派队列,由受理单位分派。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class OpinionForm(StyledForm):
    content = forms.CharField(label=_("意见或建议"), widget=forms.Textarea(attrs={"rows": 2}))
    topic = forms.ModelChoiceField(label=_("主题"), queryset=Topic.objects.all())
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    deadline = forms.DateTimeField(label=_("答复期限"), widget=DATETIME, required=False,
                                   help_text=_("不填则按生效策略的投诉答复时限计算。"))
    name = forms.CharField(label=_("提出人"), required=False)
    phone = forms.CharField(label=_("联系电话"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class AssignForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    topic = forms.ModelChoiceField(label=_("主题"), queryset=Topic.objects.all(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 3}))


class DeliverForm(StyledForm):
    method = forms.ChoiceField(label=_("反馈方式"), choices=DeliveryMethod.choices)
    note = forms.CharField(label=_("反馈情况"), required=False)


class ResolveForm(StyledForm):
    reason = forms.CharField(label=_("解决依据"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text=_("关联工作全部完成时可不填;否则须由管理人员写明。"))


class LinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("工作类型"), choices=WorkKind.choices)
    reference = forms.CharField(label=_("编号"), max_length=40,
                                help_text=_("隐患、抢修工单、业扩申请填编号;缴费难措施、活动任务填序号。"))


class ForumForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("活动"), queryset=Campaign.objects.none(), required=False)
    title = forms.CharField(label=_("主题"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)
        self.fields["campaign"].queryset = campaign_list(user=user)


class HeldForm(StyledForm):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.CharField(
        label=_("参会人"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("每行一人:姓名或单位,类别(%(kinds)s)") % {
            "kinds": "、".join(str(label) for _v, label in AttendeeKind.choices)})

    def clean_attendees(self):
        by_label = {str(label): value for value, label in AttendeeKind.choices}
        rows = []
        for n, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, kind = line.replace(",", ",").partition(",")
            kind = by_label.get(kind.strip(), kind.strip())
            if kind not in AttendeeKind.values:
                raise forms.ValidationError(_("第 %(n)d 行的类别不认识。") % {"n": n})
            rows.append((name.strip(), kind, None))
        return rows
