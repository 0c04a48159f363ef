from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.core.rest import ScopedViewSet
from wanjia.core.void_views import VoidActionMixin
from wanjia.org.scoping import ensure_in_scope
from wanjia.payments import services
from wanjia.payments.api.serializers import (MeasureCompleteSerializer, PaymentChannelSerializer,
                                             PaymentMeasureSerializer)
from wanjia.payments.filtersets import ChannelFilterSet
from wanjia.payments.models import PaymentChannel, PaymentMeasure


class PaymentChannelViewSet(VoidActionMixin, ScopedViewSet):
    """Payment points of the caller's units; writes re-check that the unit stays in scope. No DELETE: a point
    entered by mistake is voided (`POST .../{id}/void/` with `reason`), so payments and history keep it."""

    resource = "payments.channel"
    queryset = PaymentChannel.objects.select_related("kind", "unit")
    serializer_class = PaymentChannelSerializer
    filterset_class = ChannelFilterSet
    ordering_fields = ["name", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class PaymentMeasureViewSet(ScopedViewSet):
    """Measures for 缴费难 villages: created and completed only through the services (no PUT/PATCH/DELETE);
    `POST .../{id}/complete/` with `note` (and `on`, `channel`)."""

    resource = "payments.measure"
    queryset = PaymentMeasure.objects.select_related("transformer", "unit", "kind")
    serializer_class = PaymentMeasureSerializer
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.measure_create(actor=self.request.user, **serializer.validated_data)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        measure = self.get_object()
        body = MeasureCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        channel = body.validated_data.get("channel")
        if channel is not None:
            ensure_in_scope(request.user, channel, "view")
        measure = services.measure_complete(measure=measure, actor=request.user, **body.validated_data)
        return Response(PaymentMeasureSerializer(measure).data)
