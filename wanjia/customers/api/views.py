from wanjia.core.rest import ScopedViewSet
from wanjia.customers.api.serializers import CustomerSerializer
from wanjia.customers.filtersets import CustomerFilterSet
from wanjia.customers.models import Customer
from wanjia.org.models import Role


class CustomerViewSet(ScopedViewSet):
    queryset = Customer.objects.select_related("station")
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilterSet
    ordering_fields = ["account_number", "name", "created_at"]
    write_roles = (Role.COUNTER, Role.MANAGER)
