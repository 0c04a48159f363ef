"""Read-only REST endpoints: the dashboard's data and the KPI definitions. The unit picker is the same form
as the page's, so the scope rule and the error messages are the same."""
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wanjia.kpi.forms import DashboardForm
from wanjia.kpi.registry import KPIS
from wanjia.kpi.selectors import dashboard_data

PICKERS = [OpenApiParameter("unit", int, description="unit id (default: the user's unit)"),
           OpenApiParameter("preset", str, enum=[p for p, _l in DashboardForm.PRESETS]),
           OpenApiParameter("start", str, description="YYYY-MM-DD (preset=custom)"),
           OpenApiParameter("end", str, description="YYYY-MM-DD (preset=custom)")]


class DashboardAPIView(APIView):
    resource = "kpi.dashboard"

    @extend_schema(parameters=PICKERS, responses=dict, summary="KPI figures, trend, ranking and records to act on")
    def get(self, request):
        form = DashboardForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        data = form.cleaned_data
        return Response(dashboard_data(user=request.user, unit=data["unit"], period=data["period"]))


class DefinitionsAPIView(APIView):
    resource = "kpi.dashboard"

    @extend_schema(responses=inline_serializer("KpiDefinition", {
        name: serializers.CharField() for name in
        ("code", "name", "formula", "unit", "direction", "kind", "app", "breakdown")}, many=True),
        summary="Every KPI with its formula, unit and direction")
    def get(self, request):
        return Response([{"code": k.code, "name": str(k.name), "formula": str(k.formula), "unit": str(k.unit),
                          "direction": k.direction.value, "kind": k.kind.value, "app": k.app,
                          "breakdown": str(k.breakdown_label)} for k in KPIS.values()])
