from wanjia.core.rest import ScopedViewSet
from wanjia.customers.api.serializers import CustomerSerializer
from wanjia.customers.filtersets import CustomerFilterSet
from wanjia.customers.models import Customer


class CustomerViewSet(ScopedViewSet):
    resource = "customers.customer"
    queryset = Customer.objects.select_related("station", "green_channel")
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilterSet
    ordering_fields = ["account_number", "name", "created_at"]
