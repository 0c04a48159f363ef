"""Campaign pages: list, campaign page (timeline, per-unit progress, tasks, activity days), activity days,
pairing, the five-in-place scorecard, good practices and the summary reports. Thin: forms parse, services
decide."""
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from wanjia.campaign import compliance, forms, scoring, selectors, services
from wanjia.campaign.models import (ActivityDay, Campaign, CampaignGoal, LeadingGroupMember, Pairing, PartyBranch,
                                    PartyMember, Requirement, ScorecardItem, SummaryReport, Task, TaskEvidence)
from wanjia.campaign.report import report_check
from wanjia.campaign.tasks import report_generate_task
from wanjia.core.dates import parse_query_month
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.files import file_response
from wanjia.core.permissions import permits
from wanjia.core.void_views import VoidView
from wanjia.core.views import RoleRequiredMixin, ScopedMixin
from wanjia.jobs.selectors import job_shown
from wanjia.jobs.services import job_start
from wanjia.org.models import Role, Unit
from wanjia.org.scoping import in_scope



class CampaignMixin(RoleRequiredMixin):
    """Views under one campaign: the campaign must be one the user takes part in."""

    def campaign(self) -> Campaign:
        if not hasattr(self, "_campaign"):
            self._campaign = get_object_or_404(selectors.campaign_list(user=self.request.user), pk=self.kwargs["pk"])
        return self._campaign


def can_plan(user) -> bool:
    """Managers (not read-only) set up and change the plans of their unit and the units below."""
    return permits(user, "campaign.campaign", "plan")


class CampaignListView(RoleRequiredMixin, View):
    resource = "campaign.campaign"

    def get(self, request):
        campaigns = selectors.campaign_list(user=request.user)
        planner = can_plan(request.user)
        if campaigns.count() == 1 and not planner:
            return redirect("campaign:detail", pk=campaigns.get().pk)
        return render(request, "campaign/list.html", {"campaigns": campaigns, "can_plan": planner})


class CampaignDetailView(CampaignMixin, View):
    resource = "campaign.campaign"

    def get(self, request, pk):
        campaign = self.campaign()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        today = timezone.localdate()
        progress = selectors.unit_progress(campaign=campaign, unit=unit)
        phases = list(campaign.phases.all())
        # The user's own level: a cascaded task's children are on its task page, not repeated here.
        visible = Task.objects.restrict(request.user).filter(phase__campaign=campaign)
        tasks = (visible.exclude(parent__in=visible.values("pk"))
                 .select_related("phase", "unit", "owner").annotate(
                     children_total=Count("children"),
                     children_done=Count("children", filter=Q(children__done_at__isnull=False))))
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
                _("意见反馈率"): [_share(r["feedback_answered"], r["feedback_total"]) for r in progress],
                _("意见解决率"): [_share(r["feedback_resolved"], r["feedback_total"]) for r in progress],
            },
        }
        current = next((p for p in phases if p.start_date <= today <= p.end_date), None)
        return render(request, "campaign/detail.html", {
            "goals": selectors.goal_progress(campaign=campaign, unit=unit, today=today),
            "leading_members": campaign.leading_members.select_related("user"),
            "can_setup": can_plan(request.user) and in_scope(request.user, campaign),
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
            "units": day.units.all(), "can_void": self.permits("void")})


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
    """The page's `?month=`; a bad one shows the current month (the API refuses it instead)."""
    try:
        return parse_query_month(value, "month")
    except ValidationError:
        return None


class GoodPracticeView(CampaignMixin, View):
    """Good practices and the rules and processes improved: two record kinds the summary lists apart."""

    resource = "campaign.practice"

    RECORDS = {  # POST `record` → (form, service, message)
        "practice": (forms.GoodPracticeForm, services.good_practice_record, _("已记录典型经验。")),
        "improvement": (forms.ImprovementForm, services.improvement_record, _("已记录制度流程改进。")),
    }

    def get(self, request, pk, form=None, improvement_form=None):
        campaign = self.campaign()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        can_write = self.permits("write")
        return render(request, "campaign/practices.html", {
            "campaign": campaign, "practices": selectors.good_practices(campaign=campaign, unit=unit),
            "improvements": selectors.improvements(campaign=campaign, unit=unit),
            "form": form or (forms.GoodPracticeForm(user=request.user) if can_write else None),
            "improvement_form": improvement_form or (forms.ImprovementForm(user=request.user) if can_write else None),
        }, status=400 if form or improvement_form else 200)

    def post(self, request, pk):
        record = request.POST.get("record", "practice")
        form_class, service, message = self.RECORDS.get(record, self.RECORDS["practice"])
        form = form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                service(campaign=self.campaign(), actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, message)
                return redirect("campaign:practices", pk=pk)
        return self.get(request, pk, **{"improvement_form" if record == "improvement" else "form": form})


class ReportView(CampaignMixin, View):
    """The summary reports of a campaign; POST generates a new one (Excel and PDF together)."""

    resource = "campaign.report"
    write_action = "generate"

    def get(self, request, pk, form=None):
        campaign = self.campaign()
        return render(request, "campaign/reports.html", {
            "campaign": campaign, "job": job_shown(request, "campaign.report"),
            "reports": SummaryReport.objects.restrict(request.user).filter(campaign=campaign)
            .select_related("unit", "generated_by")[:50],
            "form": form or forms.ReportForm(user=request.user, campaign=campaign, initial={
                "unit": selectors.view_unit(user=request.user, campaign=campaign)}),
        }, status=400 if form else 200)

    def post(self, request, pk):
        campaign = self.campaign()
        form = forms.ReportForm(request.POST, user=request.user, campaign=campaign)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            try:
                report_check(campaign=campaign, unit=unit, actor=request.user)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                names = {"campaign": campaign.name, "unit": unit.name}
                job = job_start(report_generate_task, campaign.pk, unit.pk, kind="campaign.report",
                                title=_("总结报告:%(campaign)s · %(unit)s") % names, owner=request.user, unit=unit)
                messages.info(request, _("正在后台生成「%(campaign)s」%(unit)s 的总结报告。") % names)
                return redirect(f"{reverse('campaign:reports', args=[pk])}?job={job.pk}")
        return self.get(request, pk, form=form)


class ReportDownloadView(ScopedMixin, View):
    resource = "campaign.report"
    model = SummaryReport

    def get(self, request, pk, kind):
        report = get_object_or_404(self.get_queryset().select_related("campaign", "unit"), pk=pk)
        if kind not in ("xlsx", "pdf"):
            raise Http404
        name = f"{report.campaign.name}-{report.unit.name}-{report.generated_at:%Y%m%d}.{kind}"
        return file_response(getattr(report, kind).name, filename=name)



class PlanMixin(CampaignMixin):
    """Views that change a campaign's plan: managers whose scope holds the campaign's unit."""

    resource = "campaign.campaign"
    action = write_action = "plan"

    def campaign(self) -> Campaign:
        campaign = super().campaign()
        if not (can_plan(self.request.user) and in_scope(self.request.user, campaign)):
            raise PermissionDenied(_("只有牵头单位及其上级单位的负责人可以修改活动方案。"))
        return campaign


class CampaignCreateView(RoleRequiredMixin, View):
    resource = "campaign.campaign"
    action = write_action = "plan"

    def get(self, request, form=None):
        form = form or forms.CampaignForm(user=request.user, initial={"unit": request.user.unit})
        return render(request, "campaign/form.html", {"form": form, "title": _("新建活动")},
                      status=400 if form.is_bound else 200)

    def post(self, request):
        form = forms.CampaignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已建立活动,请设置阶段、领导小组、目标和任务。"))
                return redirect("campaign:setup", pk=campaign.pk)
        return self.get(request, form=form)


class CampaignCopyView(PlanMixin, View):
    def get(self, request, pk, form=None):
        source = self.campaign()
        form = form or forms.CampaignCopyForm(user=request.user, initial={
            "name": source.name, "unit": source.unit,
            "start_date": source.start_date.replace(year=source.start_date.year + 1)
            if not (source.start_date.month == 2 and source.start_date.day == 29)
            else source.start_date + dt.timedelta(days=365)})
        return render(request, "campaign/form.html", {"form": form, "campaign": source, "title": _("复制为新活动")},
                      status=400 if form.is_bound else 200)

    def post(self, request, pk):
        form = forms.CampaignCopyForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                campaign = services.campaign_copy(source=self.campaign(), actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已复制为新活动,请核对日期。"))
                return redirect("campaign:setup", pk=campaign.pk)
        return self.get(request, pk, form=form)


class CampaignSetupView(PlanMixin, View):
    """One page for the plan: the campaign's dates, leading group, phases, goals, schedule requirements and
    tasks. Each form posts its `action`; errors come back beside the form that caused them."""

    FORMS = {
        "campaign": (forms.CampaignEditForm, "campaign_update"),
        "leader": (forms.LeadingMemberForm, "leading_member_add"),
        "phase": (forms.PhaseForm, "phase_set"),
        "goal": (forms.GoalForm, "goal_create"),
        "requirement": (forms.RequirementForm, "requirement_create"),
        "task": (forms.TaskForm, "task_create"),
    }

    def _form(self, key, data=None):
        campaign = self.campaign()
        cls = self.FORMS[key][0]
        kwargs = {}
        if cls in (forms.CampaignEditForm, forms.LeadingMemberForm):
            kwargs["user"] = self.request.user
        if cls is forms.TaskForm:
            kwargs.update(user=self.request.user, campaign=campaign)
        initial = {}
        if key == "campaign":
            initial = {f: getattr(campaign, f) for f in ("name", "start_date", "end_date", "goals", "leading_group")}
        elif key == "task":
            initial = {"unit": campaign.unit}
        elif key == "requirement" and self.request.GET.get("edit_requirement", "").isdigit():
            editing = campaign.requirements.filter(pk=self.request.GET["edit_requirement"]).first()
            if editing is not None:
                initial = {"id": editing.pk, **{f: getattr(editing, f) for f in (
                    "kind", "name", "start_date", "end_date", "category", "unit_kind", "own_unit_only", "order")}}
        return cls(data, initial=initial, prefix=key, **kwargs)

    def get(self, request, pk, bound=None):
        campaign = self.campaign()
        today = timezone.localdate()
        page_forms = {key: (bound if bound is not None and bound.prefix == key else self._form(key))
                      for key in self.FORMS}
        return render(request, "campaign/setup.html", {
            "campaign": campaign, "forms": page_forms, "today": today,
            "leading_members": campaign.leading_members.select_related("user"),
            "phases": campaign.phases.all(),
            "goals": selectors.goal_progress(campaign=campaign, unit=campaign.unit, today=today),
            "requirements": campaign.requirements.all(),
            "tasks": Task.objects.filter(phase__campaign=campaign, parent__isnull=True, unit=campaign.unit)
            .select_related("phase", "owner").annotate(
                children_total=Count("children"),
                children_done=Count("children", filter=Q(children__done_at__isnull=False))),
        }, status=400 if bound is not None else 200)

    def post(self, request, pk):
        campaign = self.campaign()
        key = request.POST.get("action", "")
        if key in ("leader_remove", "goal_remove", "requirement_remove"):
            return self._remove(request, campaign, key)
        if key not in self.FORMS:
            raise Http404
        form = self._form(key, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            editing = data.pop("id", None)
            action = getattr(services, self.FORMS[key][1])
            try:
                if key == "task":
                    action(actor=request.user, **data)
                elif editing:  # a requirement's window or name changed
                    services.requirement_update(requirement=get_object_or_404(campaign.requirements.all(), pk=editing),
                                                actor=request.user, **data)
                else:
                    action(campaign=campaign, actor=request.user, **data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{reverse('campaign:setup', args=[pk])}#{key}")
        return self.get(request, pk, bound=form)

    def _remove(self, request, campaign, key):
        model, service, arg = {
            "leader_remove": (LeadingGroupMember, services.leading_member_remove, "member"),
            "goal_remove": (CampaignGoal, services.goal_delete, "goal"),
            "requirement_remove": (Requirement, services.requirement_delete, "requirement"),
        }[key]
        obj = get_object_or_404(model.objects.filter(campaign=campaign), pk=request.POST.get("id"))
        service(actor=request.user, **{arg: obj})
        messages.success(request, _("已删除。"))
        return redirect("campaign:setup", pk=campaign.pk)


class TaskDetailView(ScopedMixin, View):
    """A task: its units below (when cascaded) with their state, its evidence, and what its unit can do:
    name an owner, upload evidence, hand it down, complete it."""

    resource = "campaign.task"
    write_action = "complete"
    model = Task

    def get(self, request, pk, bound=None):
        task = get_object_or_404(self.get_queryset().select_related("phase__campaign", "unit", "owner", "parent"),
                                 pk=pk)
        can_write = can_write_task(request.user, task)
        children = task.children.select_related("unit", "owner").annotate(n_evidence=Count("evidence"))
        done = sum(1 for c in children if c.done_at)
        return render(request, "campaign/task.html", {
            "task": task, "children": children, "children_done": done, "today": timezone.localdate(),
            "evidence": task.evidence.select_related("uploaded_by"), "can_write": can_write,
            "parent_visible": task.parent_id and in_scope(request.user, task.parent),
            "forms": {
                "evidence": bound if bound and bound.prefix == "evidence" else forms.EvidenceForm(prefix="evidence"),
                "assign": bound if bound and bound.prefix == "assign" else forms.AssignForm(
                    prefix="assign", unit=task.unit, initial={"owner": task.owner}),
                "cascade": bound if bound and bound.prefix == "cascade" else forms.CascadeForm(
                    prefix="cascade", unit=task.unit, initial={"cascade_kind": task.cascade_kind}),
                "complete": bound if bound and bound.prefix == "complete" else forms.TaskCompleteForm(
                    prefix="complete"),
            },
        }, status=400 if bound else 200)

    def post(self, request, pk):
        task = get_object_or_404(Task.objects.restrict(request.user, "change"), pk=pk)
        if not can_write_task(request.user, task):
            raise PermissionDenied(_("您没有使用此功能的角色。"))
        key = request.POST.get("action", "")
        if key == "evidence":
            form = forms.EvidenceForm(request.POST, request.FILES, prefix=key)
            call = lambda d: services.task_evidence_add(task=task, file=d["file"], actor=request.user)  # noqa: E731
        elif key == "assign":
            form = forms.AssignForm(request.POST, prefix=key, unit=task.unit)
            call = lambda d: services.task_assign(task=task, owner=d["owner"], actor=request.user)  # noqa: E731
        elif key == "cascade":
            form = forms.CascadeForm(request.POST, prefix=key, unit=task.unit)
            call = lambda d: services.task_cascade(task=task, kind=d["cascade_kind"], actor=request.user)  # noqa: E731
        elif key == "complete":
            form = forms.TaskCompleteForm(request.POST, prefix=key)
            call = lambda d: services.task_complete(task=task, note=d["note"], actor=request.user)  # noqa: E731
        else:
            raise Http404
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("campaign:task", pk=pk)
        return self.get(request, pk, bound=form)


def can_write_task(user, task: Task) -> bool:
    """The unit's managers and the task's owner work on a task."""
    return can_plan(user) or (permits(user, "campaign.task", "complete") and task.owner_id == user.pk)


class EvidenceDownloadView(ScopedMixin, View):
    resource = "campaign.task"
    model = TaskEvidence

    def get(self, request, pk):
        evidence = get_object_or_404(self.get_queryset(), pk=pk)
        return file_response(evidence.file.name, filename=evidence.name)


class ComplianceView(CampaignMixin, View):
    """Units × requirements: met / due / overdue from the records; `?format=xlsx` exports the same table."""

    resource = "campaign.campaign"

    def get(self, request, pk):
        campaign = self.campaign()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        today = timezone.localdate()
        table = compliance.matrix(campaign=campaign, unit=unit, today=today)
        if request.GET.get("format") == "xlsx":
            columns = [Column(_("单位"), 20), *[Column(r.name, 14) for r in table["requirements"]],
                       Column(_("逾期项数"), 10)]
            rows = ([row.unit.name, *[c.label for c in row.cells], row.overdue] for row in table["rows"])
            return xlsx_response(f"{campaign.name}-进度要求-{today:%Y%m%d}.xlsx",
                                 [(_("进度要求"), columns, rows)])
        return render(request, "campaign/compliance.html", {
            "campaign": campaign, "unit": unit, "today": today, **table,
            "columns": [(r, table["totals"][r.pk]) for r in table["requirements"]],
            "can_setup": can_plan(request.user) and in_scope(request.user, campaign)})


class ComplianceCellView(CampaignMixin, View):
    """The records behind one cell of the matrix."""

    resource = "campaign.campaign"

    def get(self, request, pk, requirement, unit):
        campaign = self.campaign()
        requirement = get_object_or_404(campaign.requirements.all(), pk=requirement)
        unit = get_object_or_404(Unit.objects.restrict(request.user).filter(path__startswith=campaign.unit.path),
                                 pk=unit)
        return render(request, "campaign/compliance_cell.html", {
            "campaign": campaign, "requirement": requirement, "unit": unit,
            "records": compliance.drill_down(requirement, unit)})


class GroupListView(RoleRequiredMixin, View):
    """党工团 groups of the user's subtree with their members and pairings; secretaries and managers add groups."""

    resource = "campaign.group"

    def get(self, request, form=None):
        user = request.user
        groups = (PartyBranch.objects.restrict(user).select_related("unit", "secretary")
                  .annotate(n_members=Count("members", filter=Q(members__is_active=True), distinct=True),
                            n_pairings=Count("pairings", filter=Q(pairings__ended_on__isnull=True), distinct=True)))
        can_write = self.permits("write")
        return render(request, "campaign/groups.html", {
            "groups": groups, "form": form or (forms.GroupForm(user=user, initial={"unit": user.unit})
                                               if can_write else None),
        }, status=400 if form else 200)

    def post(self, request):
        form = forms.GroupForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                group = services.branch_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已建立。"))
                return redirect("campaign:group", pk=group.pk)
        return self.get(request, form=form)


class GroupDetailView(ScopedMixin, View):
    """A group's members: its secretary (or the unit's manager) adds them and takes them off the roll."""

    resource = "campaign.group"
    write_action = "members"
    model = PartyBranch

    def get(self, request, pk, form=None):
        group = get_object_or_404(self.get_queryset().select_related("unit", "secretary"), pk=pk)
        user = request.user
        can_write = not user.is_read_only and (user.has_role(Role.MANAGER) or group.secretary_id == user.pk)
        members = group.members.select_related("user").annotate(
            n_pairings=Count("pairings", filter=Q(pairings__ended_on__isnull=True)))
        return render(request, "campaign/group.html", {
            "group": group, "members": members, "can_write": can_write,
            "pairings": group.pairings.filter(ended_on__isnull=True).select_related("member", "customer"),
            "form": form or (forms.MemberForm(user=user) if can_write else None),
        }, status=400 if form else 200)

    def post(self, request, pk):
        group = get_object_or_404(self.get_queryset(), pk=pk)
        if "member" in request.POST:
            member = get_object_or_404(PartyMember.objects.filter(branch=group), pk=request.POST["member"])
            services.member_set_active(member=member, active=request.POST.get("active") == "1", actor=request.user)
            return redirect("campaign:group", pk=pk)
        form = forms.MemberForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.member_add(group=group, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                forms.form_error(form, exc)
            else:
                messages.success(request, _("已添加成员。"))
                return redirect("campaign:group", pk=pk)
        return self.get(request, pk, form=form)


class ActivityDayVoidView(VoidView):
    model = ActivityDay
    resource = "campaign.activity_day"

    def done_url(self, record):
        return reverse("campaign:detail", args=[record.campaign_id])

    def cancel_url(self, record):
        return reverse("campaign:activity_day", args=[record.pk])
