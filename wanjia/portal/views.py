"""The public portal: no login, mobile first. Every form is rate limited per IP (and per phone where one is
given), asks the bureau's challenge when it is switched on, and no page shows anything personal about anyone
but what the visitor typed in. Repairs, connections and feedback are separate apps: a page whose app is not
installed says so instead of failing."""
from importlib import import_module
from importlib.util import find_spec

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from wanjia.commitments.models import PolicyKind, PolicySet
from wanjia.commitments.selectors import figures_by_kind
from wanjia.core.errors import DomainError
from wanjia.core.text import label
from wanjia.customers.models import CustomerClass
from wanjia.halls import selectors as hall_selectors
from wanjia.halls import services as hall_services
from wanjia.halls.forms import EvaluationForm
from wanjia.halls.models import BusinessHall, HallService, Visit
from wanjia.payments.coverage import by_distance
from wanjia.payments.selectors import channels_near
from wanjia.portal.forms import (FeedbackForm, LocationMixin, NearbyForm, ReportForm, TrackForm,
                                 public_areas)
from wanjia.portal.guard import GuardedForm, over_limit

# The repair order channel portal reports are filed under (the repairs app's "website" channel).
REPAIR_CHANNEL = "web"
FEEDBACK_CHANNEL = "portal"


def installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def show(request, template: str, context: dict, *, form=None, status: int = 200):
    if form is not None:
        context = {**context, "form": form, "question": getattr(form, "challenge_question", lambda: "")()}
    return render(request, template, context, status=status)


def too_many(request):
    return render(request, "portal/limited.html", status=429)


def unavailable(request, title):
    return render(request, "portal/unavailable.html", {"title": title})


def add_errors(form, exc) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)


def home(request):
    return render(request, "portal/home.html")


def report(request):
    """Report a fault: the same intake as every other channel (repairs.services.order_intake)."""
    title = gettext_lazy("故障报修")
    if not installed("wanjia.repairs.services"):
        return unavailable(request, title)
    categories = [(c.code, label(c)) for c in apps.get_model("repairs", "FaultCategory").objects.filter(is_active=True)]
    if request.method != "POST":
        return show(request, "portal/report.html", {}, form=ReportForm(request=request, categories=categories))
    if over_limit(request, "report", phone=request.POST.get("phone", "")):
        return too_many(request)
    form = ReportForm(request.POST, request.FILES, request=request, categories=categories)
    if form.is_valid():
        data = form.cleaned_data
        try:
            order = import_module("wanjia.repairs.services").order_intake(
                channel=REPAIR_CHANNEL, caller_name=data["caller_name"], phone=data["phone"],
                description=data["description"], category=data["category"], account_number=data["account_number"],
                latitude=data.get("latitude"), longitude=data.get("longitude"), address=data["address"],
                station=data.get("station"), photos=data["photos"])
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            # Kept in the session, not the URL: the next page shows the number to this visitor only.
            request.session["portal_reported"] = order.number
            return redirect("portal:reported")
    return show(request, "portal/report.html", {}, form=form, status=400)


def reported(request):
    number = request.session.get("portal_reported")
    if not number:
        return redirect("portal:report")
    return render(request, "portal/reported.html", {"number": number})


def places(request):
    """The place picker for the county chosen, listing its villages and communities (HTMX swaps it in)."""
    form = LocationMixin(initial={"county": request.GET.get("county", "")[:32]})
    return render(request, "portal/_place_select.html", {"form": form})


def _lookups():
    """(kind label, function) for each tracking source that is installed."""
    found = []
    if installed("wanjia.repairs.selectors"):
        found.append((gettext_lazy("故障报修"), import_module("wanjia.repairs.selectors").order_public_status))
    if installed("wanjia.connections.selectors"):
        found.append((gettext_lazy("用电报装"),
                      import_module("wanjia.connections.selectors").application_public_status))
    return found


def track(request):
    """Follow a repair report or a connection application by its number and the phone's last four digits.
    A wrong number and wrong digits get the same answer, so the page cannot be used to find numbers."""
    lookups = _lookups()
    if not lookups:
        return unavailable(request, gettext_lazy("进度查询"))
    context = {"kinds": [label for label, _f in lookups]}
    if request.method != "POST":
        initial = {"number": request.GET.get("number", "")[:32]}
        return show(request, "portal/track.html", context, form=TrackForm(initial=initial, request=request))
    if over_limit(request, "track", number=request.POST.get("number", "")[:32] or "-"):
        return too_many(request)
    form = TrackForm(request.POST, request=request)
    if not form.is_valid():
        return show(request, "portal/track.html", context, form=form, status=400)
    number, last4 = form.cleaned_data["number"].strip(), form.cleaned_data["phone_last4"]
    for label, lookup in lookups:
        status = lookup(number=number, phone_last4=last4)
        if status is not None:
            return show(request, "portal/track.html", {**context, "kind": label, "status": status},
                        form=TrackForm(initial={"number": number}, request=request))
    return show(request, "portal/track.html", {**context, "not_found": True}, form=form, status=404)


def outages(request):
    title = gettext_lazy("停电信息")
    if not installed("wanjia.repairs.selectors"):
        return unavailable(request, title)
    areas = list(public_areas())
    area = next((u for u in areas if u.code == request.GET.get("area")), None)
    rows = import_module("wanjia.repairs.selectors").public_outages(unit=area)
    return render(request, "portal/outages.html", {
        "areas": areas, "area": area, "current": [r for r in rows if r.get("is_current")],
        "planned": [r for r in rows if not r.get("is_current")]})


def nearby(request):
    """Business halls and payment points nearest a place, closest first."""
    form = NearbyForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid() and form.cleaned_data.get("latitude") is not None:
        lat, lon = form.cleaned_data["latitude"], form.cleaned_data["longitude"]
        halls = list(BusinessHall.objects.filter(unit__is_active=True, unit__latitude__isnull=False)
                     .select_related("unit").prefetch_related("opening_hours"))
        order, distances = by_distance(lat, lon, [(h.unit.latitude, h.unit.longitude) for h in halls], 5)
        context["halls"] = [(halls[i], float(distances[i]), hall_selectors.weekly_hours(halls[i])) for i in order]
        context["points"] = channels_near(lat, lon, limit=10)
        context["searched"] = True
    return render(request, "portal/nearby.html", context, status=400 if form.is_bound and form.errors else 200)


def commitments(request):
    """The service commitments as the system enforces them: read from the active policy set."""
    policy = PolicySet.objects.filter(is_active=True).prefetch_related(
        "repair_limits", "connection_limits", "other_limits").first()
    context = {"policy": policy, "kinds": PolicyKind}
    if policy is not None:
        context["groups"] = figures_by_kind(policy)
        context["classes"] = [c.label for c in CustomerClass]
    return render(request, "portal/commitments.html", context)


def feedback(request):
    title = gettext_lazy("意见建议")
    if not installed("wanjia.feedback.services"):
        return unavailable(request, title)
    topics = [(t.code, label(t)) for t in apps.get_model("feedback", "Topic").objects.all()]
    if request.method != "POST":
        return show(request, "portal/feedback.html", {}, form=FeedbackForm(request=request, topics=topics))
    if over_limit(request, "feedback", phone=request.POST.get("phone", "")):
        return too_many(request)
    form = FeedbackForm(request.POST, request=request, topics=topics)
    if form.is_valid():
        data = form.cleaned_data
        try:
            import_module("wanjia.feedback.services").feedback_item_create(
                channel=FEEDBACK_CHANNEL, content=data["content"], topic=data["topic"], name=data["name"],
                phone=data["phone"], unit=data["area"])
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            return render(request, "portal/feedback_done.html")
    return show(request, "portal/feedback.html", {}, form=form, status=400)


class PublicEvaluationForm(GuardedForm, EvaluationForm):
    pass


class HallEvaluationForm(PublicEvaluationForm):
    service = forms.ModelChoiceField(HallService.objects.filter(is_active=True), required=False,
                                     label=gettext_lazy("办理事项(选填)"))


def _rate(request, *, hall, visit=None):
    form_class = PublicEvaluationForm if visit else HallEvaluationForm
    context = {"hall": hall, "visit": visit}
    if visit is not None and hasattr(visit, "evaluation"):
        return show(request, "portal/rate_done.html", {**context, "already": True})
    if request.method != "POST":
        return show(request, "portal/rate.html", context, form=form_class(request=request))
    if over_limit(request, "rate"):
        return too_many(request)
    form = form_class(request.POST, request=request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if visit is not None:
                hall_services.evaluation_submit(visit=visit, rating=data["rating"], reasons=data["reasons"],
                                                comment=data["comment"], channel="portal")
            else:
                hall_services.evaluation_from_hall_code(hall=hall, rating=data["rating"], reasons=data["reasons"],
                                                        comment=data["comment"], service=data.get("service"))
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
        else:
            return show(request, "portal/rate_done.html", context)
    return show(request, "portal/rate.html", context, form=form, status=400)


def rate_visit(request, token):
    visit = get_object_or_404(Visit.objects.select_related("hall__unit"), token=token)
    return _rate(request, hall=visit.hall, visit=visit)


def rate_hall(request, token):
    hall = get_object_or_404(BusinessHall.objects.select_related("unit"), evaluation_token=token)
    return _rate(request, hall=hall)
