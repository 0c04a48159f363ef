"""The period and unit pickers shared by the dashboard, the KPI pages, the exports and the PDF."""
import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.core.dates import QueryDateField
from wanjia.kpi.registry import KPIS, Period
from wanjia.org.models import Unit, UnitKind


def _quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def preset_period(preset: str, today: dt.date) -> Period:
    if preset == "month":
        return Period(today.replace(day=1), today)
    if preset == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return Period(end.replace(day=1), end)
    if preset == "quarter":
        return Period(_quarter_start(today), today)
    if preset == "last_year":
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    return Period(today.replace(month=1, day=1), today)  # "year": year to date


class DashboardForm(forms.Form):
    PRESETS = [("year", _("本年")), ("quarter", _("本季")), ("month", _("本月")), ("last_month", _("上月")),
               ("last_year", _("上年")), ("custom", _("自定义"))]
    # Units a figure is shown for: halls have no records of their own worth a dashboard.
    UNIT_KINDS = [UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY, UnitKind.STATION]

    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)
    preset = forms.ChoiceField(label=_("期间"), choices=PRESETS, required=False)
    start = QueryDateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = QueryDateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kpi = forms.ChoiceField(label=_("指标"), required=False)

    def __init__(self, data, *, user, **kwargs):
        # Always bound, with the user's own unit and "year to date" filled in, so the pickers show them.
        data = data.copy() if data is not None else {}
        default_unit = user.unit_id or (Unit.get_first_root_node().pk if user.is_superuser else None)
        if not data.get("unit") and default_unit:
            data["unit"] = default_unit
        if not data.get("preset"):
            data["preset"] = "custom" if data.get("start") or data.get("end") else "year"
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=self.UNIT_KINDS)
        self.fields["unit"].label_from_instance = lambda u: f"{'　' * (u.depth - 1)}{u.name}"
        self.fields["kpi"].choices = [(k.code, k.name) for k in KPIS.values()]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm"
                                          if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def clean(self):
        data = super().clean()
        preset = data.get("preset") or "year"
        data["preset"] = preset
        if preset == "custom":
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError({"start": _("自定义期间需要填写开始和结束日期。")})
            if data["end"] < data["start"]:
                raise forms.ValidationError({"end": _("结束日期不能早于开始日期。")})
            if (data["end"] - data["start"]).days > 366 * 5:
                raise forms.ValidationError({"end": _("期间不能超过五年。")})
            data["period"] = Period(data["start"], data["end"])
        else:
            data["period"] = preset_period(preset, timezone.localdate())
        if data.get("unit") is None and "unit" not in self.errors:
            # Superusers without a unit see the whole tree; anybody else without a unit sees nothing.
            raise forms.ValidationError({"unit": _("您的账号没有所属单位,无法查看指标。")})
        return data

    @property
    def picked(self) -> dict:
        """The query string that reproduces this choice (for links, exports and the PDF)."""
        d = self.cleaned_data
        query = {"unit": d["unit"].pk, "preset": d["preset"]}
        if d["preset"] == "custom":
            query.update(start=d["period"].start.isoformat(), end=d["period"].end.isoformat())
        return {"query": urlencode(query)}


class RebuildForm(forms.Form):
    """The days whose summaries a rebuild recomputes: all days when both are left empty."""

    start = forms.DateField(label=_("开始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("结束日期"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          help_text=_("都不填则重算全部日期;只填开始日期则算到今天。"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if end and not start:
            self.add_error("start", _("填了结束日期,也请填开始日期。"))
        elif start and end and end < start:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data
