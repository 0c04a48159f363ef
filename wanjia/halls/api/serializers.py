from rest_framework import serializers

from wanjia.halls.models import BusinessHall
from wanjia.halls.selectors import weekly_hours


class BusinessHallSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="unit.code")
    name = serializers.CharField(source="unit.name")
    address = serializers.CharField(source="unit.address")
    phone = serializers.CharField(source="unit.phone")
    latitude = serializers.FloatField(source="unit.latitude")
    longitude = serializers.FloatField(source="unit.longitude")
    services = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    opening_hours = serializers.SerializerMethodField()

    class Meta:
        model = BusinessHall
        fields = ["id", "code", "name", "address", "phone", "latitude", "longitude", "counters", "services",
                  "open_on_public_holidays", "opening_hours"]

    def get_opening_hours(self, hall) -> list[dict]:
        return [{"days": days, "periods": periods} for days, periods in weekly_hours(hall)]


class FiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key.pk")
    label = serializers.CharField()
    visits = serializers.IntegerField()
    evaluated = serializers.IntegerField()
    very_satisfied = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    satisfaction_rate = serializers.FloatField(allow_null=True)
    evaluation_rate = serializers.FloatField(allow_null=True)
    practices = serializers.DictField(child=serializers.IntegerField())
