"""Walk-in and hazard pages. The hazard page's action panel is swapped by HTMX after each step of the loop."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wanjia.campaign.forms import form_error
from wanjia.campaign.selectors import campaign_list
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.permissions import permits
from wanjia.core.text import label
from wanjia.core.void_views import VoidView
from wanjia.core.views import ScopedMixin
from wanjia.outreach import forms, selectors, services
from wanjia.outreach.filtersets import HazardFilterSet, VisitFilterSet
from wanjia.outreach.models import AnswerResult, Hazard, HazardStatus, Visit, VisitAnswer, VisitPlan

def _can_write(user) -> bool:
    return permits(user, "outreach.hazard", "write")


class VisitListView(ScopedMixin, View):
    resource = "outreach.visit"
    model = Visit

    def get(self, request):
        qs = selectors.visit_list(user=request.user, filters=request.GET)
        if request.GET.get("format") == "xlsx":
            rows = ((v.date, v.get_category_display(), v.site, str(v.unit), v.customer.account_number if v.customer
                     else "", v.summary) for v in qs.iterator(chunk_size=2000))
            return xlsx_response("走访记录.xlsx", [("走访", [Column("日期", 12), Column("类别"), Column("对象", 30),
                                                          Column("责任单位", 24), Column("户号"), Column("情况", 50)],
                                                  rows)])
        plans = (VisitPlan.objects.restrict(request.user).filter(visit__isnull=True)
                 .select_related("unit").prefetch_related("team")[:50])
        return render(request, "outreach/visits.html", {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")), "plans": plans,
            "filter": VisitFilterSet(request.GET, queryset=qs), "can_write": _can_write(request.user)})


class VisitPlanCreateView(ScopedMixin, View):
    resource = "outreach.visit"
    action = "write"
    model = VisitPlan

    def get(self, request):
        form = forms.VisitPlanForm(user=request.user, initial={"planned_date": timezone.localdate()})
        return render(request, "campaign/form.html", {"form": form, "title": _("安排走访计划")})

    def post(self, request):
        form = forms.VisitPlanForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.visit_plan_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("已安排走访计划。"))
                return redirect("outreach:visits")
        return render(request, "campaign/form.html", {"form": form, "title": _("安排走访计划")}, status=400)


class ChecklistView(ScopedMixin, View):
    """HTMX: the checklist of the chosen category, as answer inputs."""

    resource = "outreach.visit"
    model = Visit

    def get(self, request):
        return render(request, "outreach/_checklist.html", {
            "items": services.checklist_for(request.GET.get("category", "")), "results": AnswerResult.choices,
            "posted": request.GET})


class VisitCreateView(ScopedMixin, View):
    resource = "outreach.visit"
    action = "write"
    model = Visit

    def get(self, request):
        # Sensible defaults: today, me, my unit, the campaign running now.
        running = campaign_list(user=request.user).filter(start_date__lte=timezone.localdate(),
                                                          end_date__gte=timezone.localdate()).first()
        initial = {"date": timezone.localdate(), "team": [request.user], "unit": request.user.unit,
                   "campaign": running}
        plan = VisitPlan.objects.restrict(request.user).filter(pk=request.GET.get("plan") or None).first()
        if plan is not None:  # carry the plan's choices into the record
            initial.update(campaign=plan.campaign, unit=plan.unit, category=plan.category, site=plan.target,
                           customer=plan.customer.account_number if plan.customer else "", plan=plan.pk,
                           team=list(plan.team.all()) or [request.user])
        return self._render(forms.VisitForm(user=request.user, initial=initial))

    def _render(self, form, status=200):
        category = form.data.get("category") or form.initial.get("category") or "village"
        return render(request=self.request, template_name="outreach/visit_form.html", status=status, context={
            "form": form, "items": services.checklist_for(category), "results": AnswerResult.choices,
            "posted": form.data})

    def post(self, request):
        form = forms.VisitForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                visit = services.visit_record(actor=request.user, answers=form.answers(request.POST), **data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("已记录走访。有问题的检查项可直接登记隐患。"))
                return redirect("outreach:visit", pk=visit.pk)
        return self._render(form, status=400)


class VisitDetailView(ScopedMixin, View):
    resource = "outreach.visit"
    model = Visit

    def get(self, request, pk):
        visit = get_object_or_404(self.get_queryset().select_related("unit", "customer", "campaign", "recorded_by"),
                                  pk=pk)
        answers = visit.answers.select_related("item", "hazard")
        return render(request, "outreach/visit.html", {
            "visit": visit, "answers": answers, "photos": visit.photos.all(), "team": visit.team.all(),
            "can_write": _can_write(request.user), "can_void": _can_write(request.user)})


class HazardFromAnswerView(ScopedMixin, View):
    """Raise a hazard from a checklist answer marked as a problem."""

    resource = "outreach.hazard"
    action = "write"
    model = VisitAnswer
    scope_action = "change"

    def _answer(self, pk):
        return get_object_or_404(self.get_queryset().select_related("visit__unit", "item"), pk=pk)

    def get(self, request, pk):
        answer = self._answer(pk)
        form = forms.HazardForm(user=request.user, from_answer=True, initial={
            "description": f"{label(answer.item, 'text')}:{answer.note}".rstrip(":"), "found_on": answer.visit.date})
        return render(request, "outreach/hazard_form.html", {"form": form, "answer": answer})

    def post(self, request, pk):
        answer = self._answer(pk)
        form = forms.HazardForm(request.POST, request.FILES, user=request.user, from_answer=True)
        if form.is_valid():
            try:
                hazard = services.hazard_raise(unit=answer.visit.unit, answer=answer, actor=request.user,
                                               **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                return redirect("outreach:hazard", pk=hazard.pk)
        return render(request, "outreach/hazard_form.html", {"form": form, "answer": answer}, status=400)


class HazardListView(ScopedMixin, View):
    resource = "outreach.hazard"
    model = Hazard

    def get(self, request):
        qs = selectors.hazard_list(user=request.user, filters=request.GET)
        today = timezone.localdate()
        if request.GET.get("format") == "xlsx":
            rows = ((h.number, h.found_on, str(h.unit), h.description, h.get_severity_display(), h.get_side_display(),
                     h.get_status_display(), str(h.owner or ""), h.deadline, "是" if h.is_overdue else "")
                    for h in qs.iterator(chunk_size=2000))
            return xlsx_response("隐患整改台账.xlsx", [("隐患", [
                Column("编号"), Column("发现日期", 12), Column("责任单位", 24), Column("隐患描述", 40), Column("等级", 8),
                Column("责任方", 12), Column("状态", 8), Column("整改负责人"), Column("整改期限", 12), Column("逾期", 6)],
                rows)])
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(request, "outreach/hazards.html", {
            "page": page, "filter": HazardFilterSet(request.GET, queryset=qs), "today": today,
            "can_write": _can_write(request.user)})


class HazardCreateView(ScopedMixin, View):
    """A free finding (e.g. from the rectification phase's self-inspection)."""

    resource = "outreach.hazard"
    action = "write"
    model = Hazard

    def get(self, request):
        form = forms.HazardForm(user=request.user, initial={"found_on": timezone.localdate()})
        return render(request, "outreach/hazard_form.html", {"form": form})

    def post(self, request):
        form = forms.HazardForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                hazard = services.hazard_raise(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                return redirect("outreach:hazard", pk=hazard.pk)
        return render(request, "outreach/hazard_form.html", {"form": form}, status=400)


ACTIONS = {
    # action → (form class, service, the status it applies to)
    "order": (forms.OrderForm, services.hazard_order_issue, HazardStatus.OPEN),
    "rectify": (forms.RectifyForm, services.hazard_rectify, HazardStatus.ORDERED),
    "verify": (forms.VerifyForm, services.hazard_verify, HazardStatus.DONE),
    "close": (forms.CloseForm, services.hazard_close, HazardStatus.VERIFIED),
}


def _action_form(name, user, data=None, files=None):
    form_class = ACTIONS[name][0]
    kwargs = {"user": user} if form_class is forms.OrderForm else {}
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)


class HazardDetailView(ScopedMixin, View):
    resource = "outreach.hazard"
    model = Hazard

    def context(self, hazard, form=None):
        action = next((name for name, (_f, _s, status) in ACTIONS.items() if status == hazard.status), None)
        user = self.request.user
        return {"hazard": hazard, "events": hazard.events.select_related("actor"), "photos": hazard.photos.all(),
                "action": action, "today": timezone.localdate(),
                "form": form or (_action_form(action, user) if action and _can_write(user) else None)}

    def get(self, request, pk):
        hazard = get_object_or_404(self.get_queryset().select_related("unit", "owner", "visit", "customer"), pk=pk)
        return render(request, "outreach/hazard.html", self.context(hazard))


class HazardActionView(HazardDetailView):
    """POST one step of the loop; answers with the refreshed panel (HTMX) or the page."""

    resource = "outreach.hazard"
    url_action_kwarg = "action"
    scope_action = "change"

    def post(self, request, pk, action):
        hazard = get_object_or_404(self.get_queryset(), pk=pk)
        if action not in ACTIONS:
            return redirect("outreach:hazard", pk=pk)
        form = _action_form(action, request.user, request.POST, request.FILES)
        status = 200
        if form.is_valid():
            try:
                ACTIONS[action][1](hazard=hazard, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
                status = 400
            else:
                hazard.refresh_from_db()
                form = None
        else:
            status = 400
        template = "outreach/_hazard_panel.html" if request.headers.get("HX-Request") else "outreach/hazard.html"
        return render(request, template, self.context(hazard, form), status=status)


class VisitVoidView(VoidView):
    model = Visit
    resource = "outreach.visit"

    def done_url(self, record):
        return reverse("outreach:visits")

    def cancel_url(self, record):
        return reverse("outreach:visit", args=[record.pk])
