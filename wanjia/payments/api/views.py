from wanjia.core.rest import ScopedViewSet
from wanjia.payments.api.serializers import PaymentChannelSerializer
from wanjia.payments.filtersets import ChannelFilterSet
from wanjia.payments.models import PaymentChannel


class PaymentChannelViewSet(ScopedViewSet):
    """Payment points of the caller's units; writes re-check that the unit stays in scope."""

    resource = "payments.channel"
    queryset = PaymentChannel.objects.select_related("kind", "unit")
    serializer_class = PaymentChannelSerializer
    filterset_class = ChannelFilterSet
    ordering_fields = ["name", "id"]
