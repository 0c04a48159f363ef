from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.permissions import permits
from wanjia.core.text import in_language, label
from wanjia.core.void_views import VoidView
from wanjia.core.views import ScopedMixin
from wanjia.halls.forms import period_from
from wanjia.network.models import Transformer
from wanjia.org.models import Unit, UnitKind
from wanjia.payments import selectors, services
from wanjia.payments.coverage import children_of, coverage
from wanjia.payments.filtersets import ChannelFilterSet
from wanjia.payments.forms import ChannelForm, MeasureCompleteForm, MeasureForm
from wanjia.payments.models import PaymentChannel, PaymentMeasure, PaymentRecord
from wanjia.payments.standards import standard_for


class ChannelListView(ScopedMixin, View):
    resource = "payments.channel"
    model = PaymentChannel

    def get(self, request):
        qs = selectors.channel_list(user=request.user, filters=request.GET)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(request, "payments/channels.html", {
            "page": page, "filter": ChannelFilterSet(request.GET, queryset=qs),
            "can_edit": self.permits("write")})


class ChannelEditView(ScopedMixin, View):
    resource = "payments.channel"
    action = "write"
    model = PaymentChannel
    scope_action = "change"

    def _channel(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk) if pk else None

    def get(self, request, pk=None):
        channel = self._channel(pk)
        return render(request, "payments/channel_form.html",
                      {"form": ChannelForm(instance=channel, user=request.user), "channel": channel})

    def post(self, request, pk=None):
        channel = self._channel(pk)
        form = ChannelForm(request.POST, instance=channel, user=request.user)
        if form.is_valid():
            try:
                # A bound ModelForm writes its cleaned values onto the instance; the service re-checks and saves.
                services.channel_save(channel=channel, actor=request.user,
                                      **{f: form.cleaned_data[f] for f in services.CHANNEL_FIELDS})
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("缴费网点已保存。"))
                return redirect("payments:channels")
        return render(request, "payments/channel_form.html", {"form": form, "channel": channel}, status=400)


def _scope_unit(request) -> Unit:
    """The unit a report is about: ?unit=<code> inside the user's scope, else the user's own unit."""
    code = request.GET.get("unit")
    if code:
        unit = Unit.objects.restrict(request.user).filter(code=code).first()
        if unit is not None:
            return unit
    return request.user.unit or Unit.objects.filter(depth=1).first()


def _unit_choices(user):
    return Unit.objects.restrict(user).exclude(kind=UnitKind.HALL).only("code", "name", "depth")


class CoverageView(ScopedMixin, View):
    """缴费难: village groups beyond the payment distance, share covered per unit, and the map."""

    resource = "payments.channel"
    model = PaymentChannel

    def get(self, request):
        unit = _scope_unit(request)
        result = coverage(unit=unit)
        difficult = result.difficult
        if request.GET.get("format") == "xlsx":
            return xlsx_response(f"缴费难_{unit.code}.xlsx", [("缴费难", [
                Column("台区(村)", 24), Column("供电所", 20), Column("客户数", 10), Column("最近实体网点", 24),
                Column("距离(公里)", 12, "0.0"), Column("标准(公里)", 12, "0.0"), Column("纬度", 10, "0.000000"),
                Column("经度", 10, "0.000000")], ((v.name, v.station_name, v.customers,
                                                   v.nearest["name"] if v.nearest else "", v.distance_km
                                                   if v.nearest else None, v.limit_km, v.latitude, v.longitude)
                                                  for v in difficult))])
        points = list(PaymentChannel.objects.filter(is_active=True, kind__is_physical=True, latitude__isnull=False,
                                                    unit__path__startswith=unit.path)
                      .values("name", "kind__name", "kind__name_en", "latitude", "longitude"))
        boundaries = [{"name": u.name, "geometry": u.boundary} for u in children_of(unit) if u.boundary] \
            or ([{"name": unit.name, "geometry": unit.boundary}] if unit.boundary else [])
        map_data = {
            "points": [[p["latitude"], p["longitude"], f'{in_language(p["kind__name"], p["kind__name_en"])} · {p["name"]}']
                       for p in points],
            "difficult": [[v.latitude, v.longitude, f"{v.name}:{v.customers} 户,{v.distance_km:.1f} km"]
                          for v in difficult],
            "boundaries": boundaries,
        }
        shown = difficult[:200]
        under_way = selectors.open_measures([v.transformer_id for v in shown if v.transformer_id])
        return render(request, "payments/coverage.html", {
            "unit": unit, "result": result, "by_unit": result.by_unit(unit),
            "difficult": [(v, under_way.get(v.transformer_id, [])) for v in shown],
            "standard": standard_for(unit), "map_data": map_data, "units": _unit_choices(request.user),
            "can_add_measure": permits(request.user, "payments.measure", "write"),
        })


class MeasureListView(ScopedMixin, View):
    """缴费难 measures tracked to done: open (overdue first to catch the eye), done, all."""

    resource = "payments.measure"
    model = PaymentMeasure

    def get(self, request):
        state = request.GET.get("state", "open")
        if state not in selectors.MEASURE_STATES:
            state = ""
        page = Paginator(selectors.measure_list(user=request.user, state=state), 50).get_page(request.GET.get("page"))
        return render(request, "payments/measures.html", {
            "page": page, "state": state, "today": timezone.localdate(),
            "states": [("open", _("未完成")), ("overdue", _("已逾期")), ("done", _("已完成")), ("", _("全部"))],
            "can_complete": self.permits("complete")})


class MeasureCreateView(ScopedMixin, View):
    """A measure for one village of the difficult list (`?transformer=<id>`, a village in the user's scope)."""

    resource = "payments.measure"
    action = "write"
    model = PaymentMeasure

    def _transformer(self, request) -> Transformer:
        pk = request.GET.get("transformer", "")
        if not pk.isdigit():
            raise Http404
        return get_object_or_404(Transformer.objects.restrict(request.user).select_related("feeder__station"),
                                 pk=int(pk))

    def get(self, request):
        transformer = self._transformer(request)
        form = MeasureForm(user=request.user, transformer=transformer)
        return render(request, "payments/measure_form.html", {"form": form, "transformer": transformer})

    def post(self, request):
        transformer = self._transformer(request)
        form = MeasureForm(request.POST, user=request.user, transformer=transformer)
        if form.is_valid():
            try:
                measure = services.measure_create(transformer=transformer, actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("已为「%(v)s」登记措施「%(k)s」,计划 %(d)s 完成。") % {
                    "v": transformer.name, "k": label(measure.kind), "d": measure.due_date.isoformat()})
                return redirect("payments:measures")
        return render(request, "payments/measure_form.html", {"form": form, "transformer": transformer}, status=400)


class MeasureCompleteView(ScopedMixin, View):
    resource = "payments.measure"
    action = write_action = "complete"
    model = PaymentMeasure
    scope_action = "change"

    def _measure(self, pk) -> PaymentMeasure:
        return get_object_or_404(self.get_queryset().select_related("transformer", "kind", "unit"), pk=pk)

    def get(self, request, pk):
        measure = self._measure(pk)
        return render(request, "payments/measure_complete.html",
                      {"measure": measure, "form": MeasureCompleteForm(user=request.user)})

    def post(self, request, pk):
        measure = self._measure(pk)
        form = MeasureCompleteForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.measure_complete(measure=measure, actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("「%(v)s」的措施「%(k)s」已完成。") % {
                    "v": measure.transformer.name, "k": label(measure.kind)})
                return redirect("payments:measures")
        return render(request, "payments/measure_complete.html", {"measure": measure, "form": form}, status=400)


def _form_error(form, exc) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class CollectionView(ScopedMixin, View):
    """Collection speed: payments, amount, share posted within the limit, by channel kind and by unit."""

    resource = "payments.channel"
    model = PaymentRecord

    def get(self, request):
        period, start, end = period_from(request)
        unit = _scope_unit(request)
        records = PaymentRecord.objects.restrict(request.user).filter(customer__station__path__startswith=unit.path)
        now = timezone.now()
        by_kind = selectors.collection_figures(records=records, start=start, end=end, now=now)
        by_unit = []
        for child in children_of(unit):
            figures = selectors.collection_figures(
                records=records.filter(customer__station__path__startswith=child.path), start=start, end=end,
                now=now)[0]
            if figures.payments:
                figures.label = child.name
                by_unit.append(figures)
        return render(request, "payments/collection.html", {
            "period": period, "start": start, "end": end, "unit": unit, "by_kind": by_kind, "by_unit": by_unit,
            "standard": standard_for(unit), "units": _unit_choices(request.user)},
            status=400 if period.errors else 200)


class ChannelVoidView(VoidView):
    model = PaymentChannel
    resource = "payments.channel"

    def done_url(self, record):
        return reverse("payments:channels")

    def cancel_url(self, record):
        return reverse("payments:channel_edit", args=[record.pk])
