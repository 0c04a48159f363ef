from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.text import label
from wanjia.core.views import ScopedMixin
from wanjia.halls import selectors, services
from wanjia.halls.forms import HallProfileForm, SkillCheckForm, TrainingForm, VisitForm, period_from
from wanjia.halls.models import BusinessHall, CounterDuty, EvaluationChannel, Facility, TrainingSession, Visit
from wanjia.org.models import Role, Unit, UnitKind, User
from wanjia.org.selectors import lineage


def _apply_errors(form, exc) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)


class HallListView(ScopedMixin, View):
    resource = "halls.hall"
    model = BusinessHall

    def get(self, request):
        period, start, end = period_from(request)
        figures = selectors.hall_figures(user=request.user, start=start, end=end)
        missing = (Unit.objects.restrict(request.user).filter(kind=UnitKind.HALL, is_active=True,
                                                              hall_profile__isnull=True))
        return render(request, "halls/list.html", {
            "figures": figures, "period": period, "start": start, "end": end,
            "missing": missing if self.permits("write") else [],
        }, status=400 if period.errors else 200)


class HallDetailView(ScopedMixin, View):
    resource = "halls.hall"
    model = BusinessHall

    def get(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        period, start, end = period_from(request)
        visits = selectors.visits_in(start=start, end=end, base=hall.visits.all())
        ancestors = [hall.unit.path[:i] for i in range(Unit.steplen, len(hall.unit.path) + 1, Unit.steplen)]
        staff_pool = [u for u in User.objects.filter(is_active=True, roles__code=Role.COUNTER,
                                                     unit__path__in=ancestors).select_related("unit").distinct()
                      if services.may_staff_counter(hall, u)]
        return render(request, "halls/detail.html", {
            "hall": hall, "period": period, "start": start, "end": end,
            "hours": selectors.weekly_hours(hall), "checklist": selectors.checklist(hall),
            "on_duty": services.on_duty(hall), "staff_pool": staff_pool,
            "figures": selectors.hall_figures(user=request.user, start=start, end=end, hall=hall)[0],
            "staff_figures": selectors.staff_figures(user=request.user, start=start, end=end, hall=hall),
            "reasons": selectors.dissatisfied_reasons(visits=visits),
            "recent": hall.visits.select_related("staff", "service", "evaluation")[:20],
            "practices": selectors.practices(), "can_edit": self.permits("write"),
            "can_counter": self.permits("duty"),
        })


class HallEditView(ScopedMixin, View):
    """Create (from a hall unit) or edit a hall's profile and weekly hours."""

    resource = "halls.hall"
    action = "write"
    model = BusinessHall
    scope_action = "change"

    def _objects(self, request, pk=None, unit_pk=None):
        if pk is not None:
            hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
            return hall, hall.unit
        unit = get_object_or_404(Unit.objects.restrict(request.user, "change"), pk=unit_pk, kind=UnitKind.HALL)
        return BusinessHall.objects.filter(unit=unit).first(), unit

    def get(self, request, pk=None, unit_pk=None):
        hall, unit = self._objects(request, pk, unit_pk)
        hours = {}
        for row in (hall.opening_hours.all() if hall else []):
            hours.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}-{row.closes:%H:%M}")
        form = HallProfileForm(instance=hall, hours={d: ", ".join(v) for d, v in hours.items()})
        return render(request, "halls/edit.html", {"form": form, "unit": unit, "hall": hall})

    def post(self, request, pk=None, unit_pk=None):
        hall, unit = self._objects(request, pk, unit_pk)
        form = HallProfileForm(request.POST, instance=hall)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    hall = services.hall_profile_save(
                        unit=unit, counters=data["counters"], services=data["services"],
                        open_on_public_holidays=data["open_on_public_holidays"], notes=data["notes"],
                        actor=request.user)
                    services.opening_hours_set(hall=hall, periods=data["periods"], actor=request.user)
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("营业厅档案已保存。"))
                return redirect("halls:detail", pk=hall.pk)
        return render(request, "halls/edit.html", {"form": form, "unit": unit, "hall": hall}, status=400)


class FacilityCheckView(ScopedMixin, View):
    resource = "halls.hall"
    action = "facilities"
    write_action = "facilities"
    model = BusinessHall
    scope_action = "change"

    def get(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        return render(request, "halls/facilities.html", {"hall": hall, "checklist": selectors.checklist(hall)})

    def post(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        answers = {f: (request.POST.get(f"present_{f.pk}") == "1", request.POST.get(f"note_{f.pk}", "")[:200])
                   for f in Facility.objects.filter(is_active=True)}
        services.facility_checks_record(hall=hall, answers=answers, actor=request.user)
        messages.success(request, _("设施检查已记录。"))
        return redirect("halls:detail", pk=hall.pk)


class DutyView(ScopedMixin, View):
    """Sign a clerk on at a counter (POST staff, counter_no) or off (POST end=<duty id>)."""

    resource = "halls.hall"
    write_action = "duty"
    model = BusinessHall
    scope_action = "change"

    def post(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        try:
            if request.POST.get("end"):
                duty = get_object_or_404(CounterDuty.objects.restrict(request.user, "change"), pk=request.POST["end"],
                                         hall=hall)
                services.duty_end(duty=duty, actor=request.user)
            else:
                staff = get_object_or_404(User, pk=request.POST.get("staff") or request.user.pk)
                services.duty_start(hall=hall, staff=staff, counter_no=int(request.POST.get("counter_no") or 0),
                                    actor=request.user)
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("窗口号无效。")))
        return redirect("halls:detail", pk=hall.pk)


class VisitCreateView(ScopedMixin, View):
    resource = "halls.hall"
    action = "visit"
    write_action = "visit"
    model = BusinessHall
    scope_action = "change"

    def get(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        duty = hall.duties.filter(staff=request.user, ended_at__isnull=True).first()
        form = VisitForm(initial={"counter_no": duty.counter_no if duty else 1})
        return render(request, "halls/visit_form.html", {"hall": hall, "form": form})

    def post(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        form = VisitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    visit = services.visit_record(hall=hall, counter_no=data["counter_no"], service=data["service"],
                                                  practices=data["practices"], actor=request.user)
                    if data["rating"]:
                        services.evaluation_submit(visit=visit, rating=data["rating"], reasons=data["reasons"],
                                                   comment=data["comment"], channel=EvaluationChannel.COUNTER)
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                if data["rating"]:
                    messages.success(request, _("服务和评价已记录。"))
                    return redirect("halls:detail", pk=hall.pk)
                return redirect("halls:slip", pk=visit.pk)
        return render(request, "halls/visit_form.html", {"hall": hall, "form": form}, status=400)


def code_page(request, *, hall, url, visit=None):
    """The printable code: the address as text and as a QR code (segno, pure Python: works offline)."""
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=5, dark="#000"))  # noqa: S308 (generated SVG)
    return render(request, "halls/code.html", {"hall": hall, "visit": visit, "url": url, "qr": qr})


class VisitSlipView(ScopedMixin, View):
    """A printable slip with the visit's own evaluation code."""

    resource = "halls.hall"
    model = Visit

    def get(self, request, pk):
        visit = get_object_or_404(self.get_queryset().select_related("hall__unit", "staff", "service"), pk=pk)
        url = request.build_absolute_uri(reverse("portal:rate_visit", args=[visit.token]))
        return code_page(request, hall=visit.hall, url=url, visit=visit)


class HallPosterView(ScopedMixin, View):
    """A printable poster with the hall's evaluation code, for customers served without a slip."""

    resource = "halls.hall"
    model = BusinessHall

    def get(self, request, pk):
        hall = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        url = request.build_absolute_uri(reverse("portal:rate_hall", args=[hall.evaluation_token]))
        return code_page(request, hall=hall, url=url)


class FiguresView(ScopedMixin, View):
    """Satisfaction of the units one level down (prefectures, counties, stations or halls), ranked in a chart
    whose bars open the next level (`?unit=`, so Back returns); the figures in full, per clerk and the
    dissatisfied reasons below. Excel (`?format=xlsx`) lists every hall under the unit."""

    resource = "halls.hall"
    model = BusinessHall

    def get(self, request):
        period, start, end = period_from(request)
        units = Unit.objects.restrict(request.user).exclude(kind=UnitKind.HALL)
        unit = (units.filter(code=request.GET.get("unit", "")).first() or request.user.unit
                or units.order_by("depth", "path").first())
        if unit is None:
            raise Http404
        staff = selectors.staff_figures(user=request.user, start=start, end=end, unit=unit)
        reasons = selectors.dissatisfied_reasons(visits=selectors.visits_in(
            unit=unit, start=start, end=end, base=Visit.objects.restrict(request.user)))
        if request.GET.get("format") == "xlsx":
            halls = selectors.hall_figures(user=request.user, start=start, end=end, unit=unit)
            return self.export(halls, staff, reasons, start, end)
        dates = {"start": start.isoformat(), "end": end.isoformat()}
        rows = selectors.level_figures(user=request.user, unit=unit, start=start, end=end)
        for row in rows:
            row.href = (f"{reverse('halls:detail', args=[row.key.hall_profile.pk])}?{urlencode(dates)}"
                        if row.key.kind == UnitKind.HALL else f"?{urlencode({'unit': row.key.code, **dates})}")
        chart = {"rows": [{"label": r.label, "rate": r.satisfaction_rate, "evaluated": r.evaluated,
                           "visits": r.visits, "dissatisfied": r.dissatisfied, "halls": r.halls, "href": r.href}
                          for r in rows],
                 "words": {"rate": _("满意率"), "evaluated": _("评价数"), "visits": _("服务人次"),
                           "dissatisfied": _("不满意"), "halls": _("营业厅数")}}
        return render(request, "halls/figures.html", {
            "period": period, "start": start, "end": end, "unit": unit, "rows": rows, "staff": staff,
            "reasons": reasons, "practices": selectors.practices(), "chart": chart,
            "lineage": [(u, f"?{urlencode({'unit': u.code, **dates})}")
                        for u in lineage(user=request.user, unit=unit)],
            "export": f"?{urlencode({'unit': unit.code, **dates, 'format': 'xlsx'})}",
        }, status=400 if period.errors else 200)

    def export(self, halls, staff, reasons, start, end):
        columns = [Column("名称", 24), Column("服务人次", 10), Column("评价数", 10), Column("非常满意", 10),
                   Column("满意", 10), Column("不满意", 10), Column("满意率", 10, "0.0%"), Column("评价率", 10, "0.0%")]

        def rows(items):
            return [(f.label, f.visits, f.evaluated, f.very_satisfied, f.satisfied, f.dissatisfied,
                     f.satisfaction_rate, f.evaluation_rate) for f in items]

        return xlsx_response(f"窗口服务_{start}_{end}.xlsx", [
            ("按营业厅", columns, rows(halls)), ("按窗口人员", columns, rows(staff)),
            ("不满意原因", [Column("原因", 30), Column("次数", 10)], [(label(r), r.n) for r in reasons]),
        ])


class SkillsView(ScopedMixin, View):
    """窗口人员技能: each clerk's training attendance in the period and their valid skill checks; managers record
    a held session (with who attended and who missed it) and a clerk's check."""

    resource = "halls.skills"
    model = TrainingSession

    def _unit(self, request):
        code = request.GET.get("unit") or request.POST.get("scope_unit")
        units = Unit.objects.restrict(request.user)
        unit = units.filter(code=code).first() if code else None
        return unit or request.user.unit or units.order_by("depth", "path").first()

    def get(self, request, training=None, check=None, status=200):
        unit = self._unit(request)
        if unit is None:
            raise Http404
        period, start, end = period_from(request, days=365)
        skills, rows = selectors.staff_skills(unit=unit, start=start, end=end)
        can_edit = self.permits("write")
        return render(request, "halls/skills.html", {
            "unit": unit, "period": period, "start": start, "end": end, "skills": skills,
            "rows": [(r, [r.checks.get(s.pk) for s in skills], r.qualified(skills)) for r in rows],
            "rate": selectors.skills_rate(unit=unit, end=end),
            "sessions": TrainingSession.objects.restrict(request.user).filter(
                unit__path__startswith=unit.path, date__range=(start, end)).prefetch_related("attendance")[:50],
            "training_form": (training or TrainingForm(unit=unit, user=request.user)) if can_edit else None,
            "check_form": (check or SkillCheckForm(unit=unit)) if can_edit else None,
        }, status=status)

    def post(self, request):
        unit = self._unit(request)
        if unit is None:
            raise Http404
        if request.POST.get("form") == "training":
            form = TrainingForm(request.POST, unit=unit, user=request.user)
            kwargs = {"training": form}
        else:
            form = SkillCheckForm(request.POST, unit=unit)
            kwargs = {"check": form}
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if "training" in kwargs:
                    attendance = [(u, True, "") for u in data.pop("present")] + \
                                 [(u, False, "") for u in data.pop("absent")]
                    services.training_record(actor=request.user, attendance=attendance, **data)
                else:
                    services.skill_check_record(actor=request.user, **data)
            except (DomainError, ValidationError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{reverse('halls:skills')}?unit={unit.code}")
        return self.get(request, status=400, **kwargs)
