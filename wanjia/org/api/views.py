from rest_framework import serializers, viewsets

from wanjia.org.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "area_type", "parent", "depth", "address", "phone", "latitude",
                  "longitude", "boundary", "is_active"]

    def get_parent(self, unit) -> str | None:
        return unit.path[: -Unit.steplen] and self.context["codes_by_path"].get(unit.path[: -Unit.steplen])


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The units in the caller's scope (their unit and everything under it). Units are edited in the admin."""

    resource = "org.unit"
    serializer_class = UnitSerializer
    filterset_fields = ["kind", "area_type", "is_active"]
    search_fields = ["code", "name"]
    lookup_field = "code"

    def get_queryset(self):
        return Unit.objects.restrict(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["codes_by_path"] = dict(Unit.objects.values_list("path", "code"))
        return context
