"""Pages of orderly power use: warnings and plans, load data, forecasts, the plan with its table, chart,
customers by tier, rotation history, compliance entry and Excel export. Thin: services do the writing."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.permissions import permits
from wanjia.core.views import ScopedMixin
from wanjia.customers.importer import ImportFailed, upload_bytes
from wanjia.customers.models import Customer
from wanjia.jobs.selectors import job_shown
from wanjia.jobs.services import job_start
from wanjia.orderly import selectors, services
from wanjia.orderly.filtersets import LoadProfileFilterSet
from wanjia.orderly.forms import ForecastForm, ImportForm, LoadProfileForm, PlanForm, apply_error
from wanjia.orderly.tasks import forecast_import_task
from wanjia.orderly.models import (
    Allocation, CurtailmentPlan, LoadProfile, PlanStatus, ShortageForecast, WarningLevel,
)


def can_write(user) -> bool:
    return permits(user, "orderly.plan", "write")


class IndexView(ScopedMixin, View):
    resource = "orderly.plan"
    model = CurtailmentPlan

    def get(self, request):
        # Warnings are the periods with a gap; a day-ahead forecast's 0 kW hours are data, not warnings.
        upcoming = selectors.forecast_list(user=request.user).filter(
            end__gte=timezone.now() - timezone.timedelta(days=7), gap_kw__gt=0)[:200]
        return render(request, "orderly/index.html", {
            "forecasts": selectors.with_levels(upcoming), "plans": self.get_queryset().select_related("unit")[:50],
            "tiers": selectors.tier_summary(user=request.user), "can_write": can_write(request.user),
            "levels": WarningLevel.objects.prefetch_related("measures"),
        })


class ProfileListView(ScopedMixin, View):
    resource = "orderly.profile"
    model = LoadProfile

    def get(self, request):
        qs = selectors.profile_list(user=request.user, filters=request.GET)
        if request.GET.get("format") == "xlsx":
            columns = [Column("户号", 14), Column("户名", 24), Column("供电所", 18), Column("类别", 12),
                       Column("合同容量(kW)", 14, "#,##0.0"), Column("典型最大负荷(kW)", 16, "#,##0.0"),
                       Column("保安负荷(kW)", 14, "#,##0.0"), Column("可压减负荷(kW)", 14, "#,##0.0")]
            rows = ((p.customer.account_number, p.customer.name, p.customer.station.name, p.tier.name,
                     p.contracted_capacity_kw, p.peak_load_kw, p.security_load_kw, p.curtailable_load_kw)
                    for p in qs.iterator(chunk_size=2000))
            return xlsx_response("客户负荷档案.xlsx", [("负荷档案", columns, rows)])
        return render(request, "orderly/profiles.html", {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "filter": LoadProfileFilterSet(request.GET, queryset=qs), "can_write": can_write(request.user)})


class ProfileEditView(ScopedMixin, View):
    resource = "orderly.profile"
    action = "write"
    model = LoadProfile
    scope_action = "change"

    def get_object(self, pk):
        return get_object_or_404(self.get_queryset().select_related("customer"), pk=pk) if pk else None

    def get(self, request, pk=None):
        profile = self.get_object(pk)
        form = LoadProfileForm(instance=profile, initial={"account_number": request.GET.get("account", "")})
        return self.show(request, form, profile)

    def show(self, request, form, profile, status=200):
        return render(request, "orderly/form.html", {
            "form": form, "title": _("编辑负荷档案:%(c)s") % {"c": profile.customer} if profile else _("新建负荷档案"),
            "back": "orderly:profiles"}, status=status)

    def post(self, request, pk=None):
        profile = self.get_object(pk)
        form = LoadProfileForm(request.POST, instance=profile)
        if not form.is_valid():
            return self.show(request, form, profile, 400)
        customer = profile.customer if profile else Customer.objects.restrict(request.user, "change").filter(
            account_number=form.cleaned_data["account_number"]).first()
        if customer is None:
            form.add_error("account_number", _("户号不存在或不在您的范围内。"))
            return self.show(request, form, profile, 400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "account_number"}
        try:
            services.load_profile_save(actor=request.user, customer=customer, profile=profile, **data)
        except (ValidationError, DomainError) as exc:
            apply_error(form, exc)
            return self.show(request, form, profile, 400)
        messages.success(request, _("已保存 %(c)s 的负荷档案。") % {"c": customer})
        return redirect("orderly:profiles")


class ForecastCreateView(ScopedMixin, View):
    resource = "orderly.forecast"
    action = "write"
    model = ShortageForecast
    scope_action = "change"

    def get(self, request):
        return self.show(request, ForecastForm(user=request.user), ImportForm())

    def show(self, request, form, import_form, status=200, errors=()):
        return render(request, "orderly/forecast_form.html", {
            "form": form, "import_form": import_form, "import_errors": errors,
            "job": job_shown(request, "orderly.forecast_import")}, status=status)

    def post(self, request):
        if "file" in request.FILES:
            return self.import_file(request)
        form = ForecastForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                forecast = services.forecast_create(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_error(form, exc)
            else:
                level = services.warning_level_for(forecast.gap_kw, forecast.max_demand_kw)
                messages.success(request, _("已录入缺口预测:%(level)s") % {"level": level or _("无缺口")})
                return redirect("orderly:index")
        return self.show(request, form, ImportForm(), 400)

    def import_file(self, request):
        """Keeps the file and hands the checking and writing to a worker; the page then follows the job."""
        upload = request.FILES["file"]
        try:
            data = upload_bytes(upload)
        except ImportFailed as exc:
            return self.show(request, ForecastForm(user=request.user), ImportForm(), 400,
                             [str(e) for e in exc.errors])
        job = job_start(forecast_import_task, upload.name, kind="orderly.forecast_import",
                        title=_("缺口预测导入:%(file)s") % {"file": upload.name}, owner=request.user,
                        unit=request.user.unit, source=(upload.name, data))
        messages.info(request, _("已开始导入 %(file)s,完成后可在此查看结果。") % {"file": upload.name})
        return redirect(f"{reverse('orderly:forecast_create')}?job={job.pk}")


class PlanCreateView(ScopedMixin, View):
    resource = "orderly.plan"
    action = "create"
    write_action = "create"
    model = CurtailmentPlan
    scope_action = "change"

    def get(self, request):
        return self.show(request, PlanForm(user=request.user, initial={
            "unit": request.user.unit_id, "start_date": timezone.localdate() + timezone.timedelta(days=2),
            "end_date": timezone.localdate() + timezone.timedelta(days=2)}))

    def show(self, request, form, status=200):
        return render(request, "orderly/form.html", {"form": form, "title": _("编制有序用电方案"),
                                                     "back": "orderly:index", "submit": _("求解并保存为草稿")},
                      status=status)

    def post(self, request):
        form = PlanForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_error(form, exc)
            else:
                return redirect("orderly:plan", pk=plan.pk)
        return self.show(request, form, 400)


class PlanDetailView(ScopedMixin, View):
    resource = "orderly.plan"
    model = CurtailmentPlan

    def get(self, request, pk):
        plan = get_object_or_404(self.get_queryset().select_related("unit", "created_by"), pk=pk)
        periods = selectors.plan_periods(plan)
        if request.GET.get("format") == "xlsx":
            return self.export(plan, periods)
        customers = selectors.plan_customers(plan)
        return render(request, "orderly/plan.html", {
            "plan": plan, "periods": periods, "chart": selectors.plan_chart(plan, periods),
            "customers": customers, "totals": selectors.plan_totals(plan),
            "rotation": selectors.plan_rotation(user=request.user, plan=plan),
            "events": self.events(plan), "can_write": can_write(request.user),
            "allocations": Allocation.objects.filter(period__plan=plan).select_related(
                "period", "profile__customer", "tier").order_by("period__start", "tier__priority", "-shed_kw")
            if plan.status in (PlanStatus.PUBLISHED, PlanStatus.CLOSED) else None,
        })

    @staticmethod
    def events(plan):
        return list(plan.events.select_related("actor"))

    def export(self, plan, periods):
        period_columns = [Column("开始", 18), Column("结束", 18), Column("最大需求(kW)", 14, "#,##0.0"),
                          Column("缺口(kW)", 12, "#,##0.0"), Column("缺口比例", 10, "0.0%"), Column("预警", 10),
                          Column("安排压减(kW)", 14, "#,##0.0"), Column("无法满足(kW)", 14, "#,##0.0"),
                          Column("实际压减(kW)", 14, "#,##0.0")]
        period_rows = ((r["period"].start, r["period"].end, r["period"].max_demand_kw, r["period"].gap_kw,
                        r["period"].gap_kw / r["period"].max_demand_kw, r["level"].name if r["level"] else "",
                        r["period"].planned_kw, r["period"].shortfall_kw, r["achieved_kw"]) for r in periods)
        alloc_columns = [Column("开始", 18), Column("结束", 18), Column("户号", 14), Column("户名", 24),
                         Column("类别", 12), Column("压减(kW)", 12, "#,##0.0"), Column("负荷上限(kW)", 14, "#,##0.0"),
                         Column("实测负荷(kW)", 14, "#,##0.0"), Column("是否执行", 10)]
        allocs = Allocation.objects.filter(period__plan=plan).select_related(
            "period", "profile__customer", "tier").order_by("period__start", "tier__priority", "-shed_kw")
        alloc_rows = ((a.period.start, a.period.end, a.profile.customer.account_number, a.profile.customer.name,
                       a.tier.name, a.shed_kw, a.load_limit_kw, a.measured_load_kw,
                       "" if a.complied is None else ("是" if a.complied else "否")) for a in allocs.iterator())
        return xlsx_response(f"{plan.title}.xlsx", [("时段", period_columns, period_rows),
                                                    ("客户安排", alloc_columns, alloc_rows)])


class PlanActionView(ScopedMixin, View):
    resource = "orderly.plan"
    url_action_kwarg = "action"
    model = CurtailmentPlan
    scope_action = "change"
    ACTIONS = {
        "approve": lambda r, p: services.plan_approve(actor=r.user, plan=p, note=r.POST.get("note", ""),
                                                       accept_shortfall=r.POST.get("accept_shortfall") == "on",
                                                       accept_gaps=r.POST.get("accept_gaps") == "on"),
        "return": lambda r, p: services.plan_return(actor=r.user, plan=p, note=r.POST.get("note", "")),
        "publish": lambda r, p: services.plan_publish(actor=r.user, plan=p),
        "close": lambda r, p: services.plan_close(actor=r.user, plan=p, note=r.POST.get("note", "")),
        "replan": lambda r, p: services.plan_replan(actor=r.user, plan=p),
    }

    def post(self, request, pk, action):
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        if action == "compliance":
            return self.compliance(request, plan)
        try:
            self.ACTIONS[action](request, plan)
        except KeyError:
            return redirect("orderly:plan", pk=pk)
        except (DomainError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
        else:
            messages.success(request, _("操作成功。"))
        return redirect("orderly:plan", pk=pk)

    def compliance(self, request, plan):
        readings, bad = {}, []
        for key, value in request.POST.items():
            if key.startswith("measured-") and value.strip():
                try:
                    readings[int(key.removeprefix("measured-"))] = float(value)
                except ValueError:
                    bad.append(value)
        if bad:
            messages.error(request, _("「%(v)s」不是数字。") % {"v": "、".join(bad)})
            return redirect("orderly:plan", pk=plan.pk)
        try:
            count = services.compliance_record(actor=request.user, plan=plan, readings=readings)
        except (DomainError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
        else:
            messages.success(request, _("已记录 %(n)d 条实测负荷。") % {"n": count})
        return redirect("orderly:plan", pk=plan.pk)
