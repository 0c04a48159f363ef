from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wanjia.core.rest import ScopedViewSet
from wanjia.halls import selectors
from wanjia.halls.api.serializers import BusinessHallSerializer, FiguresSerializer
from wanjia.halls.forms import period_from
from wanjia.halls.models import BusinessHall


class BusinessHallViewSet(ScopedViewSet):
    """Hall profiles of the caller's units (read only: profiles are edited on the hall page) and the counter
    figures per hall or per clerk for a period (`?start=&end=`, default the last 30 days)."""

    resource = "halls.hall"
    queryset = BusinessHall.objects.select_related("unit").prefetch_related("services", "opening_hours")
    serializer_class = BusinessHallSerializer
    http_method_names = ["get", "head", "options"]

    @action(detail=False)
    def figures(self, request):
        period, start, end = period_from(request)
        if period.errors:
            raise ValidationError({name: [str(e) for e in errors] for name, errors in period.errors.items()})
        by = request.query_params.get("by", "hall")
        rows = (selectors.staff_figures(user=request.user, start=start, end=end) if by == "staff"
                else selectors.hall_figures(user=request.user, start=start, end=end))
        return Response({"start": start, "end": end, "by": by, "results": FiguresSerializer(rows, many=True).data})
