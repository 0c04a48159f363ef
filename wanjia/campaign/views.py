"""Campaign pages: list, campaign page (timeline, per-unit progress, tasks, activity days), activity days,
pairing, the five-in-place scorecard, good practices and the summary reports. Thin: forms parse, services
decide."""
import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from wanjia.campaign import forms, scoring, selectors, services
from wanjia.campaign.models import ActivityDay, Campaign, Pairing, ScorecardItem, SummaryReport, Task
from wanjia.campaign.report import report_generate
from wanjia.core.errors import DomainError
from wanjia.core.permissions import permits
from wanjia.core.views import RoleRequiredMixin, ScopedMixin

class CampaignMixin(RoleRequiredMixin):
    """Views under one campaign: the campaign must be one the user takes part in."""

    def campaign(self) -> Campaign:
        if not hasattr(self, "_campaign"):
            self._campaign = get_object_or_404(selectors.campaign_list(user=self.request.user), pk=self.kwargs["pk"])
        return self._campaign


class CampaignListView(RoleRequiredMixin, View):
    resource = "campaign.campaign"

    def get(self, request):
        campaigns = selectors.campaign_list(user=request.user)
        if campaigns.count() == 1:
            return redirect("campaign:detail", pk=campaigns.get().pk)
        return render(request, "campaign/list.html", {"campaigns": campaigns})


class CampaignDetailView(CampaignMixin, View):
    resource = "campaign.campaign"

    def get(self, request, pk):
        campaign = self.campaign()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        today = timezone.localdate()
        progress = selectors.unit_progress(campaign=campaign, unit=unit)
        phases = list(campaign.phases.all())
        tasks = (Task.objects.restrict(request.user).filter(phase__campaign=campaign)
                 .select_related("phase", "unit", "owner"))
        chart = {
            "phases": [{"name": p.get_kind_display(), "start": p.start_date.isoformat(),
                        "end": p.end_date.isoformat()} for p in phases],
            "today": today.isoformat(),
            "activities": [{"date": d.date.isoformat(), "name": d.place}
                           for d in campaign.activity_days.filter(unit__path__startswith=unit.path)],
            "units": [r["unit"].name for r in progress],
            "series": {
                _("任务完成率"): [_share(r["tasks_done"], r["tasks_total"]) for r in progress],
                _("隐患销号率"): [_share(r["hazards_closed"], r["hazards_total"]) for r in progress],
                _("意见反馈率"): [_share(r["feedback_resolved"], r["feedback_total"]) for r in progress],
            },
        }
        current = next((p for p in phases if p.start_date <= today <= p.end_date), None)
        return render(request, "campaign/detail.html", {
            "campaign": campaign, "unit": unit, "phases": phases, "current_phase": current, "progress": progress,
            "tasks": tasks, "chart": chart, "today": today,
            "activities": selectors.activity_summary(campaign=campaign, unit=unit),
            "hazards": selectors.hazard_summary(campaign=campaign, unit=unit, today=today),
            "forums": selectors.forum_summary(campaign=campaign, unit=unit),
            "can_write": permits(request.user, "campaign.activity_day", "write"),
            "complete_form": forms.TaskCompleteForm(),
        })


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class TaskCompleteView(ScopedMixin, View):
    """HTMX: mark a task done; answers with the task's table row."""

    resource = "campaign.task"
    write_action = "complete"
    model = Task
    scope_action = "change"

    def post(self, request, pk):
        task = get_object_or_404(self.get_queryset().select_related("phase", "unit", "owner"), pk=pk)
        form = forms.TaskCompleteForm(request.POST)
        error = None
        if form.is_valid():
            try:
                services.task_complete(task=task, actor=request.user, note=form.cleaned_data["note"])
            except DomainError as exc:
                error = exc.message
        else:
            error = _("请填写完成情况。")
        return render(request, "campaign/_task_row.html", {"task": task, "error": error, "can_write": True,
                                                           "complete_form": form}, status=400 if error else 200)


class ActivityDayCreateView(CampaignMixin, View):
    resource = "campaign.activity_day"
    action = "write"

    def get(self, request, pk):
        form = forms.ActivityDayForm(user=request.user, initial={"date": timezone.localdate()})
        return render(request, "campaign/form.html", self._context(form))

    def _context(self, form):
        return {"form": form, "campaign": self.campaign(), "title": _("登记社会活动日"), "multipart": True}

    def post(self, request, pk):
        form = forms.ActivityDayForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                day = services.activity_day_record(campaign=self.campaign(), actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已登记社会活动日。"))
                return redirect("campaign:activity_day", pk=day.pk)
        return render(request, "campaign/form.html", self._context(form), status=400)


class ActivityDayDetailView(ScopedMixin, View):
    resource = "campaign.activity_day"
    model = ActivityDay

    def get(self, request, pk):
        day = get_object_or_404(self.get_queryset().select_related("campaign", "unit"), pk=pk)
        return render(request, "campaign/activity_day.html", {
            "day": day, "visits": day.visits.select_related("unit", "customer"), "photos": day.photos.all(),
            "units": day.units.all()})


class PairingView(RoleRequiredMixin, View):
    """Branches, members, pairs and their visit logs, with the coverage gaps of the user's subtree."""

    resource = "campaign.pairing"

    def get(self, request, **forms_in):
        user = request.user
        coverage = selectors.pairing_coverage(unit=user.unit, today=timezone.localdate()) if user.unit else None
        pairings = (Pairing.objects.restrict(user).filter(ended_on__isnull=True)
                    .select_related("branch__unit", "member", "customer").prefetch_related("visits")[:300])
        return render(request, "campaign/pairing.html", {
            "coverage": coverage, "pairings": pairings,
            "pairing_form": forms_in.get("pairing_form") or forms.PairingForm(
                user=user, initial={"started_on": timezone.localdate()}),
            "visit_form": forms_in.get("visit_form") or forms.PairingVisitForm(
                user=user, initial={"date": timezone.localdate()}),
            "can_write": self.permits("write"),
        }, status=400 if forms_in else 200)

    def post(self, request):
        if "pairing" in request.POST:
            form = forms.PairingVisitForm(request.POST, user=request.user)
            action, key = services.pairing_visit_record, "visit_form"
        else:
            form = forms.PairingForm(request.POST, user=request.user)
            action, key = services.pairing_create, "pairing_form"
        if form.is_valid():
            try:
                action(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("campaign:pairing")
        return self.get(request, **{key: form})


class ScorecardView(RoleRequiredMixin, View):
    """Ranking of the units below the user's unit for a month, each score with its evidence."""

    resource = "campaign.scorecard"

    def get(self, request, form=None):
        user = request.user
        month = _month(request.GET.get("month")) or timezone.localdate().replace(day=1)
        units = selectors.reporting_units(user.unit) if user.unit else []
        cards = scoring.ranking(units, month)
        items = list(ScorecardItem.objects.all())
        chart = {"units": [c.unit.name for c in cards], "totals": [c.total for c in cards]}
        can_assess = self.permits("write")
        return render(request, "campaign/scorecard.html", {
            "cards": cards, "items": items, "month": month, "chart": chart,
            "form": form or (forms.AssessmentForm(user=user, initial={"month": month.strftime("%Y-%m")})
                             if can_assess else None),
        }, status=400 if form else 200)

    def post(self, request):
        form = forms.AssessmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.assessment_record(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已记录评分。"))
                return redirect(f"{request.path}?month={form.cleaned_data['month']:%Y-%m}")
        return self.get(request, form=form)


def _month(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date() if value else None
    except ValueError:
        return None


class GoodPracticeView(CampaignMixin, View):
    resource = "campaign.practice"

    def get(self, request, pk, form=None):
        campaign = self.campaign()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        can_write = self.permits("write")
        return render(request, "campaign/practices.html", {
            "campaign": campaign, "practices": selectors.good_practices(campaign=campaign, unit=unit),
            "form": form or (forms.GoodPracticeForm(user=request.user) if can_write else None),
        }, status=400 if form else 200)

    def post(self, request, pk):
        form = forms.GoodPracticeForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.good_practice_record(campaign=self.campaign(), actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已记录典型经验。"))
                return redirect("campaign:practices", pk=pk)
        return self.get(request, pk, form=form)


class ReportView(CampaignMixin, View):
    """The summary reports of a campaign; POST generates a new one (Excel and PDF together)."""

    resource = "campaign.report"
    write_action = "generate"

    def get(self, request, pk, form=None):
        campaign = self.campaign()
        return render(request, "campaign/reports.html", {
            "campaign": campaign,
            "reports": SummaryReport.objects.restrict(request.user).filter(campaign=campaign)
            .select_related("unit", "generated_by")[:50],
            "form": form or forms.ReportForm(user=request.user, campaign=campaign, initial={
                "unit": selectors.view_unit(user=request.user, campaign=campaign)}),
        }, status=400 if form else 200)

    def post(self, request, pk):
        campaign = self.campaign()
        form = forms.ReportForm(request.POST, user=request.user, campaign=campaign)
        if form.is_valid():
            try:
                report_generate(campaign=campaign, unit=form.cleaned_data["unit"], actor=request.user)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已生成总结报告。"))
                return redirect("campaign:reports", pk=pk)
        return self.get(request, pk, form=form)


class ReportDownloadView(ScopedMixin, View):
    resource = "campaign.report"
    model = SummaryReport

    def get(self, request, pk, kind):
        report = get_object_or_404(self.get_queryset().select_related("campaign", "unit"), pk=pk)
        if kind not in ("xlsx", "pdf"):
            raise Http404
        name = f"{report.campaign.name}-{report.unit.name}-{report.generated_at:%Y%m%d}.{kind}"
        return FileResponse(getattr(report, kind).open("rb"), as_attachment=True, filename=name)

