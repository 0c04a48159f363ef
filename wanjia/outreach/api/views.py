from django.db import transaction
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.core.rest import ScopedViewSet
from wanjia.core.void_views import VoidActionMixin
from wanjia.outreach import services
from wanjia.outreach.api import serializers as s
from wanjia.outreach.filtersets import HazardFilterSet, VisitFilterSet
from wanjia.outreach.models import Hazard, Visit


class VisitViewSet(VoidActionMixin, ScopedViewSet):
    """Walk-in visits. Created through `visit_record` (dates inside the campaign, the whole checklist
    answered); not edited afterwards."""

    resource = "outreach.visit"
    queryset = Visit.objects.select_related("unit", "customer").prefetch_related("answers__item", "team")
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        answers = {a["item"].pk: (a["result"], a.get("note", "")) for a in data.pop("answers")}
        serializer.instance = services.visit_record(actor=self.request.user, answers=answers, **data)


class HazardViewSet(ScopedViewSet):
    """Hazards and their rectification loop: POST .../order/, .../rectify/, .../verify/, .../close/."""

    resource = "outreach.hazard"
    queryset = Hazard.objects.select_related("unit").prefetch_related("events")
    serializer_class = s.HazardSerializer
    filterset_class = HazardFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.hazard_raise(actor=self.request.user, **serializer.validated_data)

    def _step(self, request, serializer_class, service):
        hazard = self.get_object()
        params = self.payload(serializer_class, data=request.data)
        with transaction.atomic():
            service(hazard=hazard, actor=request.user, **params.validated_data)
        hazard.refresh_from_db()
        return Response(self.get_serializer(hazard).data)

    @action(detail=True, methods=["post"])
    def order(self, request, pk=None):
        return self._step(request, s.OrderSerializer, services.hazard_order_issue)

    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        return self._step(request, s.RectifySerializer, services.hazard_rectify)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._step(request, s.VerifySerializer, services.hazard_verify)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, s.CloseSerializer, services.hazard_close)
