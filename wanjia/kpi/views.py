from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from wanjia.core.exports import download_response, xlsx_response
from wanjia.core.views import RoleRequiredMixin
from wanjia.kpi import exports, pdf
from wanjia.kpi.forms import DashboardForm
from wanjia.kpi.registry import KPIS, MAP_LAYERS, featured_for
from wanjia.kpi.selectors import dashboard_data, figure_json, figures, ranking, trend
from wanjia.org.models import Unit


class PickerMixin(RoleRequiredMixin):
    """Parses the unit and period pickers; the unit must be inside the user's subtree (the form's choices
    come from `Unit.objects.restrict(user)`), so a county manager cannot ask for another county."""

    resource = "kpi.dashboard"

    def picked(self, request):
        form = DashboardForm(request.GET, user=request.user)
        if not form.is_valid():
            return form, None
        return form, form.cleaned_data

    def invalid(self, request, form):
        if request.GET.get("format") in ("json", "xlsx", "pdf"):
            return JsonResponse({"code": "invalid", "message": _("参数有误。"),
                                 "fields": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)
        return render(request, "kpi/invalid.html", {"form": form}, status=400)


class DashboardView(PickerMixin, View):
    def get(self, request):
        form, data = self.picked(request)
        if data is None:
            return self.invalid(request, form)
        unit, period = data["unit"], data["period"]
        fmt = request.GET.get("format")
        # The dashboard of a role: the KPIs that role answers for first, then the rest.
        featured = featured_for(request.user)
        codes = featured + [c for c in KPIS if c not in featured]
        payload = dashboard_data(user=request.user, unit=unit, period=period, codes=codes)
        if fmt == "json":
            return JsonResponse(payload)
        if fmt == "xlsx":
            return xlsx_response(f"指标看板_{unit.name}_{period.start}_{period.end}.xlsx",
                                 exports.dashboard_sheets(payload))
        if fmt == "pdf":
            return download_response(pdf.dashboard_pdf(payload), f"kpi-{unit.code}-{period.start}-{period.end}.pdf",
                                     "application/pdf", inline=True)
        selected = data.get("kpi") or next(iter(codes), "")
        return render(request, "kpi/dashboard.html", {
            "form": form, "data": payload, "unit": unit, "period": period, "selected": selected,
            "query": form.picked["query"],
            "path": list(Unit.objects.restrict(request.user).filter(
                path__in=[unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)])),
        })


class KpiDetailView(PickerMixin, View):
    def get(self, request, code):
        kpi = KPIS.get(code)
        if kpi is None:
            raise Http404(_("没有这个指标。"))
        form, data = self.picked(request)
        if data is None:
            return self.invalid(request, form)
        unit, period = data["unit"], data["period"]
        figure = figure_json(figures(unit, period, [code])[0], unit, period)
        ranks = ranking(unit, period, [code])[code]
        series = trend(unit, period.end, [code])
        if request.GET.get("format") == "xlsx":
            return xlsx_response(f"{kpi.name}_{unit.name}_{period.start}_{period.end}.xlsx",
                                 exports.kpi_sheets(kpi, unit, period, figure, ranks, series))
        return render(request, "kpi/detail.html", {
            "kpi": kpi, "form": form, "unit": unit, "period": period, "figure": figure, "ranking": ranks,
            "trend": series, "query": form.picked["query"],
            "months": list(zip(series["months"], series["series"][code]["current"],
                               series["series"][code]["last_year"])),
        })


class DefinitionsView(RoleRequiredMixin, View):
    resource = "kpi.dashboard"

    def get(self, request):
        kpis = list(KPIS.values())
        if request.GET.get("format") == "xlsx":
            return xlsx_response("指标定义.xlsx", exports.definition_sheets(kpis))
        return render(request, "kpi/definitions.html", {"kpis": kpis})


class MapView(PickerMixin, View):
    def get(self, request):
        form, data = self.picked(request)
        if data is None:
            return self.invalid(request, form)
        return render(request, "kpi/map.html", {
            "form": form, "unit": data["unit"], "query": form.picked["query"],
            "tile_url": settings.WANJIA_MAP_TILE_URL, "tile_attribution": settings.WANJIA_MAP_TILE_ATTRIBUTION,
            "layers": [{"code": l.code, "title": str(l.title), "color": l.color, "cluster": l.cluster}
                       for l in MAP_LAYERS.values()],
        })


class MapDataView(PickerMixin, View):
    """Unit boundaries of the picked unit's subtree (GeoJSON) and each layer's points."""

    def get(self, request):
        form, data = self.picked(request)
        if data is None:
            return self.invalid(request, form)
        unit = data["unit"]
        units = (Unit.objects.restrict(request.user).filter(path__startswith=unit.path, boundary__isnull=False)
                 .only("id", "name", "kind", "depth", "boundary"))
        boundaries = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": u.boundary,
             "properties": {"id": u.pk, "name": u.name, "kind": u.kind, "depth": u.depth}} for u in units]}
        layers = {code: layer.features(request.user, unit) for code, layer in MAP_LAYERS.items()}
        return JsonResponse({"boundaries": boundaries, "layers": layers})
