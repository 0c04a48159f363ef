"""The public portal: no login, mobile first. Every form is rate limited per IP (and per phone where one is
given), can ask the bureau's challenge, and every page shows only what the visitor already knows or what is
public."""
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from wanjia.core.errors import DomainError
from wanjia.halls import services as hall_services
from wanjia.halls.forms import EvaluationForm
from wanjia.halls.models import BusinessHall, HallService, Visit
from wanjia.portal.guard import GuardedForm, over_limit


def show(request, template: str, context: dict, *, form=None, status: int = 200):
    if form is not None:
        context = {**context, "form": form, "question": getattr(form, "challenge_question", lambda: "")()}
    return render(request, template, context, status=status)


def too_many(request):
    return render(request, "portal/limited.html", status=429)


def add_errors(form, exc) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)


def home(request):
    return render(request, "portal/home.html")


class PublicEvaluationForm(GuardedForm, EvaluationForm):
    pass


class HallEvaluationForm(PublicEvaluationForm):
    service = forms.ModelChoiceField(HallService.objects.filter(is_active=True), required=False,
                                     label=gettext_lazy("辦理事項(選填)"))


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
