"""Business-hall screens (intake, stage handling, overdue list, figures, 三指定 report) and the public tracking
page. Views parse input and call services; HTMX swaps the stage workspace in place after each action."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.core import get_usage

from wanjia.commitments.models import ConnectionStage
from wanjia.connections import figures, services
from wanjia.connections.filtersets import ApplicationFilterSet
from wanjia.connections.forms import (AssignForm, BoundaryForm, DesignationForm, DocumentForm, FiguresForm, FinishForm, IntakeForm,
                                      PauseForm, ResumeForm, ReviewForm, TrackForm, VisitForm, WithdrawForm,
                                      apply_errors)
from wanjia.connections.models import (Application, ApplicationType, DesignationRecord, InvestmentBoundary, RequiredDocument,
                                       StageRecord)
from wanjia.connections.selectors import (application_detail_queryset, application_list, application_public_status,
                                          behind_target_stages, overdue_stages, stage_states)
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.permissions import permits
from wanjia.core.text import label
from wanjia.core.views import ScopedMixin
from wanjia.core.worktime import elapsed_days
from wanjia.customers.models import CustomerClass, phone_for

# Wrong guesses allowed on the public tracking page: per client address and per application number.
TRACK_RATE_IP = getattr(settings, "WANJIA_CONNECTIONS_TRACK_RATE_IP", "20/h")
TRACK_RATE_NUMBER = getattr(settings, "WANJIA_CONNECTIONS_TRACK_RATE_NUMBER", "5/h")


def can_write(user) -> bool:
    return permits(user, "connections.application", "write")


class ApplicationListView(ScopedMixin, View):
    resource = "connections.application"
    model = Application

    def get(self, request):
        qs = application_list(user=request.user, filters=request.GET)
        if request.GET.get("format") == "xlsx":
            return export(request.user, qs)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(request, "connections/list.html", {
            "page": page, "filter": ApplicationFilterSet(request.GET, queryset=qs), "can_write": can_write(request.user),
            "now": timezone.now()})


def export(user, qs):
    """The list with each application's getting-electricity figures."""
    now = timezone.now()
    qs = qs.annotate(visit_count=Count("visits")).prefetch_related(
        Prefetch("stages", queryset=StageRecord.objects.prefetch_related("pauses"))).select_related("policy_set")
    columns = [Column("申请编号", 18), Column("业务类型", 10), Column("客户类别", 12), Column("申请人", 16),
               Column("联系电话", 14), Column("申请容量(kVA)", 12, "0.0"), Column("供电所", 20), Column("受理渠道", 12),
               Column("状态", 12), Column("受理时间", 17), Column("当前环节期限", 17), Column("暂停中", 8),
               Column("送电时间", 17), Column("供电企业用时(工作日)", 14, "0.00"), Column("全流程用时(工作日)", 14, "0.00"),
               Column("客户跑动次数", 10, "0"), Column("已经过环节", 10, "0"), Column("环节总数", 10, "0"),
               Column("超时环节数", 10, "0"), Column("绿色通道", 10), Column("当前环节内部目标", 17)]

    def rows():
        for app in qs.iterator(chunk_size=500):
            states = stage_states(app, now)
            f = figures.application_figures(app, now, states)
            running = next((s for s in states if s["started_at"] and not s["finished_at"]), None)
            yield (app.number, app.get_application_type_display(), app.get_customer_class_display(),
                   app.applicant_name, phone_for(user, app.phone), app.requested_kva, app.station.name,
                   app.get_channel_display(), app.get_status_display(), app.received_at,
                   running["due_at"] if running else None, "是" if running and running["paused"] else "",
                   app.connected_at, f["utility_days"], f["total_days"], f["visits"], f["stages_used"],
                   f["stages_in_map"], sum(1 for s in states if s["status"] == "overdue"),
                   label(app.green_channel),
                   running["target_due_at"] if running else None)

    return xlsx_response("业扩报装清单.xlsx", [("业扩报装", columns, rows())])


class IntakeView(ScopedMixin, View):
    resource = "connections.application"
    action = "create"
    write_action = "create"
    model = Application

    def get(self, request):
        form = IntakeForm(user=request.user, initial={"application_type": ApplicationType.NEW,
                                                      "customer_class": CustomerClass.RESIDENT})
        return self.show(request, form)

    def show(self, request, form, status=200):
        data = form.data if form.is_bound else form.initial
        return render(request, "connections/intake.html", {
            "form": form, "checklist": _checklist(data.get("customer_class"), data.get("application_type"))},
            status=status)

    def post(self, request):
        form = IntakeForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                application = services.application_intake(
                    application_type=d["application_type"], applicant_name=d["applicant_name"], phone=d["phone"],
                    customer_class=d["customer_class"], requested_kva=d["requested_kva"], address=d["address"],
                    station=d["station"], channel=d["channel"], actor=request.user, customer=d["customer"],
                    latitude=d["latitude"], longitude=d["longitude"], note=d["note"],
                    green_channel=d["green_channel"], documents=form.documents(request.FILES))
            except (DomainError, ValidationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已受理,申请编号 %(n)s。请告知客户凭编号和电话后四位查询进度。") % {
                    "n": application.number})
                return redirect("connections:detail", pk=application.pk)
        return self.show(request, form, status=400)


def _checklist(customer_class, application_type):
    return RequiredDocument.objects.filter(customer_class=customer_class or CustomerClass.RESIDENT, is_active=True,
                                           application_type__in=["", application_type or ApplicationType.NEW])


class ChecklistView(ScopedMixin, View):
    """HTMX: the document inputs for the class and type picked on the intake form."""

    resource = "connections.checklist"
    model = Application

    def get(self, request):
        return render(request, "connections/_checklist.html", {
            "checklist": _checklist(request.GET.get("customer_class"), request.GET.get("application_type"))})


def detail_context(request, application, forms=None) -> dict:
    now = timezone.now()
    states = stage_states(application, now)
    running = next((s for s in states if s["started_at"] and not s["finished_at"]), None)
    user = request.user
    forms = forms or {}
    ctx = {"application": application, "states": states, "running": running, "now": now,
           "figures": figures.application_figures(application, now, states),
           "shown_phone": phone_for(user, application.phone), "can_write": can_write(user) and application.is_open,
           "missing": services.missing_documents(application)
           if running and running["stage"] == ConnectionStage.ACCEPTANCE else [],
           "documents": application.documents.select_related("requirement"),
           "designations": application.designations.select_related("recorded_by", "reviewed_by"),
           "boundary": InvestmentBoundary.objects.filter(application=application).prefetch_related("works").first(),
           "events": application.events.select_related("actor").order_by("-at", "-id")[:50],
           "is_auditor": permits(user, "connections.designation", "audit_review")}
    if ctx["can_write"] and running:
        paused = running["paused"]
        ctx.update({
            "finish_form": forms.get("finish") or FinishForm(application=application, user=user,
                                                             initial={"stage": running["stage"]}),
            "assign_form": forms.get("assign") or AssignForm(application=application, user=user),
            "pause_form": None if paused else forms.get("pause") or PauseForm(),
            "resume_form": forms.get("resume") or ResumeForm() if paused else None,
            "document_form": forms.get("document") or DocumentForm(application=application),
            "visit_form": forms.get("visit") or VisitForm(),
            "designation_form": forms.get("designation") or DesignationForm(),
            "boundary_form": forms.get("boundary") or BoundaryForm(),
            "withdraw_form": forms.get("withdraw") or WithdrawForm(),
        })
    return ctx


class ApplicationDetailView(ScopedMixin, View):
    resource = "connections.application"
    model = Application

    def get(self, request, pk):
        application = get_object_or_404(application_detail_queryset(request.user), pk=pk)
        return render(request, "connections/detail.html", detail_context(request, application))


def _finish(form, app, user):
    d = form.cleaned_data
    return services.stage_finish(application=app, stage=d["stage"], actor=user, at=d["at"], note=d["note"],
                                 next_handler=d["next_handler"])


ACTIONS = {
    # name: (form class, needs the application/user in the form, service call, success message)
    "finish": (FinishForm, True, _finish, "环节已办结。"),
    "assign": (AssignForm, True, lambda f, a, u: services.stage_assign(
        application=a, handler=f.cleaned_data["handler"], actor=u), "已指派处理人。"),
    "pause": (PauseForm, False, lambda f, a, u: services.stage_pause(
        application=a, reason=f.cleaned_data["reason"], detail=f.cleaned_data["detail"],
        needs_visit=f.cleaned_data["needs_visit"], at=f.cleaned_data["at"], actor=u), "已暂停计时。"),
    "resume": (ResumeForm, False, lambda f, a, u: services.stage_resume(
        application=a, at=f.cleaned_data["at"], actor=u), "已恢复计时。"),
    "document": (DocumentForm, "application", lambda f, a, u: services.document_add(
        application=a, file=f.cleaned_data["file"], requirement=f.cleaned_data["requirement"], actor=u),
        "资料已上传。"),
    "visit": (VisitForm, False, lambda f, a, u: services.visit_record(
        application=a, purpose=f.cleaned_data["purpose"], at=f.cleaned_data["at"], actor=u), "已登记客户到厅。"),
    "designation": (DesignationForm, False, lambda f, a, u: services.designation_record(
        application=a, actor=u, **f.cleaned_data), "已登记三指定核查。"),
    "boundary": (BoundaryForm, False, lambda f, a, u: services.boundary_record(
        application=a, actor=u, **f.cleaned_data), "已登记投资界面。"),
    "withdraw": (WithdrawForm, False, lambda f, a, u: services.application_withdraw(
        application=a, reason=f.cleaned_data["reason"], actor=u), "申请已撤销。"),
}


class ApplicationActionView(ScopedMixin, View):
    """POST /connections/<pk>/<action>/: one service call. Refused with HTMX: the workspace is re-rendered in
    place with the form's errors; without HTMX: the page with the errors (400). Done: back to the page."""

    resource = "connections.application"
    url_action_kwarg = "action"
    model = Application
    scope_action = "change"

    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        form_class, needs, call, success = ACTIONS[action]
        application = get_object_or_404(self.get_queryset(), pk=pk)
        kwargs = {}
        if needs is True:
            kwargs = {"application": application, "user": request.user}
        elif needs == "application":
            kwargs = {"application": application}
        form = form_class(request.POST, request.FILES, **kwargs)
        ok = False
        if form.is_valid():
            try:
                call(form, application, request.user)
            except (DomainError, ValidationError) as exc:
                apply_errors(form, exc)
            else:
                ok = True
        if ok:
            messages.success(request, _(success))
            url = reverse("connections:detail", kwargs={"pk": pk})
            # HTMX: reload the page so the figures and the timeline beside the workspace are current too.
            return HttpResponse(headers={"HX-Redirect": url}) if request.htmx else redirect(url)
        application = get_object_or_404(application_detail_queryset(request.user), pk=pk)
        ctx = detail_context(request, application, forms={action: form})
        ctx["flash"] = _("未能办理,请查看标出的错误。")
        if request.htmx:
            return render(request, "connections/_workspace.html", ctx)
        return render(request, "connections/detail.html", ctx, status=400)


class OverdueView(ScopedMixin, View):
    resource = "connections.application"
    model = StageRecord

    def get(self, request):
        now = timezone.now()
        qs = overdue_stages(user=request.user, now=now)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        for stage in page:
            stage.late_days = elapsed_days(stage.due_at, now)
        behind = list(behind_target_stages(user=request.user, now=now)[:100])
        for stage in behind:
            stage.late_days = elapsed_days(stage.target_due_at, now)
        return render(request, "connections/overdue.html", {"page": page, "now": now, "behind": behind})


def _period_form(request):
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today, "unit": request.user.unit}
    data = None
    if request.GET:
        data = request.GET.copy()
        if not data.get("unit") and request.user.unit_id:
            data["unit"] = str(request.user.unit_id)  # show whose figures these are
    form = FiguresForm(data, user=request.user, initial=initial)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        unit, start, end = d["unit"] or request.user.unit, d["start"], d["end"]
    else:
        unit, start, end = request.user.unit, initial["start"], initial["end"]
    return form, unit, figures.Period(start, end)


class FiguresView(ScopedMixin, View):
    resource = "connections.figures"
    model = Application

    def get(self, request):
        form, unit, period = _period_form(request)
        if unit is None:
            return render(request, "connections/figures.html", {"form": form, "unit": None})
        by_stage = figures.on_time_by_stage(unit, period)
        return render(request, "connections/figures.html", {
            "form": form, "unit": unit, "period": period, "by_stage": by_stage,
            "overall": figures.on_time_rate(unit, period), "by_class": figures.average_days_by_class(unit, period),
            "longest": figures.longest_open(unit), "ranking": figures.unit_ranking(unit, period),
            "green": figures.green_by_stage(unit, period),
            "chart": {"labels": [str(r["label"]) for r in by_stage], "rates": [round(r["rate"] * 100, 1)
                                                                              for r in by_stage]},
        })


class ComplianceView(ScopedMixin, View):
    """三指定: records and flags per unit below, and the flagged records for the auditors."""

    resource = "connections.designation"
    model = DesignationRecord

    def get(self, request):
        form, unit, period = _period_form(request)
        flagged = (DesignationRecord.objects.restrict(request.user).filter(is_flagged=True)
                   .select_related("application", "application__station", "recorded_by", "reviewed_by")
                   .order_by("reviewed_at", "-recorded_at"))
        return render(request, "connections/compliance.html", {
            "form": form, "unit": unit, "period": period,
            "report": figures.designation_report(unit, period) if unit else [],
            "flagged": Paginator(flagged, 50).get_page(request.GET.get("page")),
            "is_auditor": self.permits("audit_review"), "review_form": ReviewForm()})


class ReviewView(ScopedMixin, View):
    resource = "connections.designation"
    write_action = "audit_review"
    model = DesignationRecord

    def post(self, request, pk):
        record = get_object_or_404(self.get_queryset(), pk=pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.designation_review(record=record, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as exc:
                apply_errors(form, exc)
        if form.errors:
            messages.error(request, "; ".join(m for ms in form.errors.values() for m in ms))
        else:
            messages.success(request, _("稽核意见已保存。"))
        return redirect("connections:compliance")


# --- public tracking ---------------------------------------------------------------------------------------

def _number_key(group, request):
    return (request.POST.get("number") or "").strip().upper()


LIMITS = [("connections.track.ip", "ip", TRACK_RATE_IP), ("connections.track.number", _number_key, TRACK_RATE_NUMBER)]


def _blocked(request) -> bool:
    """True once the wrong guesses from this address, or for this number, have used up their allowance."""
    for group, key, rate in LIMITS:
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST")
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def _count_wrong_guess(request) -> None:
    for group, key, rate in LIMITS:
        get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)


def track(request):
    """Public: application number + last four phone digits → stages, dates, deadlines. Wrong guesses are
    counted per address and per number; past the limit the page answers 429 until the window passes."""
    form = TrackForm(request.POST or None)
    status, result, error = 200, None, ""
    if request.method == "POST" and form.is_valid():
        if _blocked(request):
            status, error = 429, _("查询错误次数过多,请一小时后再试;如有疑问请拨打供电服务热线或到营业厅查询。")
        else:
            result = application_public_status(number=form.cleaned_data["number"],
                                               phone_last4=form.cleaned_data["phone_last4"])
            if result is None:
                _count_wrong_guess(request)
                status, error = 404, _("没有找到与该编号和电话后四位相符的申请,请核对后重试。")
    elif request.method == "POST":
        status = 400
    return render(request, "connections/track.html", {"form": form, "result": result, "error": error},
                  status=status)

