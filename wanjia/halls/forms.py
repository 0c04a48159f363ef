import datetime as dt
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wanjia.core.dates import QueryDateField
from wanjia.halls.models import (BusinessHall, DissatisfactionReason, HallService, Practice, Rating, SkillItem,
                                 Weekday)
from wanjia.org.models import Unit, UnitKind, User

def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the templates render fields as Django builds them)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})\s*$")


def parse_periods(text: str) -> list[tuple[dt.time, dt.time]]:
    """"08:30-12:00, 14:00-17:30" → [(08:30, 12:00), (14:00, 17:30)]; empty text: closed that day."""
    periods = []
    for part in filter(None, (p.strip() for p in re.split(r"[,,;;、]", text or ""))):
        match = _PERIOD.match(part)
        if not match:
            raise forms.ValidationError(_("「%(p)s」格式不对,应为 08:30-12:00。") % {"p": part})
        h1, m1, h2, m2 = map(int, match.groups())
        try:
            opens, closes = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError as exc:
            raise forms.ValidationError(_("「%(p)s」不是有效的时间。") % {"p": part}) from exc
        if closes <= opens:
            raise forms.ValidationError(_("「%(p)s」关门时间必须晚于开门时间。") % {"p": part})
        periods.append((opens, closes))
    periods.sort()
    for (_o, c), (o2, _c2) in zip(periods, periods[1:]):
        if o2 < c:
            raise forms.ValidationError(_("同一天的营业时段不能重叠。"))
    return periods


class HallProfileForm(forms.ModelForm):
    services = forms.ModelMultipleChoiceField(HallService.objects.filter(is_active=True), required=False,
                                              widget=forms.CheckboxSelectMultiple, label=gettext_lazy("服务项目"))

    class Meta:
        model = BusinessHall
        fields = ["counters", "services", "open_on_public_holidays", "notes"]

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        hours = hours or {}
        for day in Weekday:
            self.fields[f"hours_{day.value}"] = forms.CharField(
                label=day.label, required=False, initial=hours.get(day.value, ""),
                help_text=gettext_lazy("如 08:30-12:00, 14:00-17:30;留空表示休息"))

    def clean(self):
        data = super().clean()
        periods = []
        for day in Weekday:
            try:
                periods += [(day.value, o, c) for o, c in parse_periods(data.get(f"hours_{day.value}", ""))]
            except forms.ValidationError as exc:
                self.add_error(f"hours_{day.value}", exc)
        data["periods"] = periods
        return data


class VisitForm(forms.Form):
    counter_no = forms.IntegerField(label=gettext_lazy("窗口号"), min_value=1)
    service = forms.ModelChoiceField(HallService.objects.filter(is_active=True), label=gettext_lazy("办理事项"),
                                     required=False)
    practices = forms.ModelMultipleChoiceField(Practice.objects.filter(is_active=True), required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               label=gettext_lazy("本次落实的服务制度"))
    rating = forms.ChoiceField(label=gettext_lazy("客户当场评价"), required=False,
                               choices=[("", gettext_lazy("未评价(打印评价码给客户)")), *Rating.choices])
    reasons = forms.ModelMultipleChoiceField(DissatisfactionReason.objects.filter(is_active=True), required=False,
                                             widget=forms.CheckboxSelectMultiple, label=gettext_lazy("不满意原因"))
    comment = forms.CharField(label=gettext_lazy("客户意见"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class EvaluationForm(forms.Form):
    """What a customer fills in from the printed code."""

    rating = forms.ChoiceField(label=gettext_lazy("您对本次服务的评价"), choices=Rating.choices,
                               widget=forms.RadioSelect)
    reasons = forms.ModelMultipleChoiceField(DissatisfactionReason.objects.filter(is_active=True), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             label=gettext_lazy("不满意的原因(可多选)"))
    comment = forms.CharField(label=gettext_lazy("意见(选填)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("rating") == Rating.DISSATISFIED and not data.get("reasons"):
            self.add_error("reasons", _("请选择至少一个不满意的原因。"))
        return data


class PeriodForm(forms.Form):
    start = QueryDateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = QueryDateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


def period_from(request, days: int = 30) -> tuple[PeriodForm, dt.date, dt.date]:
    """The period asked for in the query string; the last `days` days when none (or an invalid one) is given."""
    from django.utils import timezone

    today = timezone.localdate()
    default = {"start": today - dt.timedelta(days=days - 1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


class TrainingForm(forms.Form):
    """A held session: the clerks present are ticked; the other clerks listed were invited and missed it."""

    unit = forms.ModelChoiceField(label=gettext_lazy("组织单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=gettext_lazy("培训主题"), max_length=200)
    date = forms.DateField(label=gettext_lazy("培训日期"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=gettext_lazy("学时"), min_value=0.5, max_digits=4, decimal_places=1)
    trainer = forms.CharField(label=gettext_lazy("授课人"), max_length=100, required=False)
    skills = forms.ModelMultipleChoiceField(label=gettext_lazy("涉及技能"), queryset=SkillItem.objects.filter(
        is_active=True), required=False, widget=forms.CheckboxSelectMultiple)
    present = forms.ModelMultipleChoiceField(label=gettext_lazy("出勤人员"), queryset=User.objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    absent = forms.ModelMultipleChoiceField(label=gettext_lazy("缺勤人员"), queryset=User.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, unit: Unit, user, **kwargs):
        from wanjia.halls.selectors import counter_staff

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user, "change").filter(path__startswith=unit.path) \
            .exclude(kind=UnitKind.STATION)
        self.fields["unit"].initial = unit.pk
        self.fields["present"].queryset = self.fields["absent"].queryset = counter_staff(unit)
        style_widgets(self)

    def clean(self):
        data = super().clean()
        if set(data.get("present") or ()) & set(data.get("absent") or ()):
            self.add_error("absent", _("同一人不能既出勤又缺勤。"))
        return data


class SkillCheckForm(forms.Form):
    staff = forms.ModelChoiceField(label=gettext_lazy("窗口人员"), queryset=User.objects.none())
    skill = forms.ModelChoiceField(label=gettext_lazy("技能"), queryset=SkillItem.objects.filter(is_active=True))
    score = forms.IntegerField(label=gettext_lazy("得分"), min_value=0, max_value=100)
    checked_on = forms.DateField(label=gettext_lazy("考核日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        from wanjia.halls.selectors import counter_staff

        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = counter_staff(unit)
        style_widgets(self)
