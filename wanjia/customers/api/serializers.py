from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wanjia.customers.models import Customer, GreenChannelKind, phone_for
from wanjia.org.models import Unit, UnitKind


class CustomerSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.filter(kind=UnitKind.STATION))
    station_name = serializers.CharField(source="station.name", read_only=True)
    green_channel = serializers.SlugRelatedField(
        slug_field="code", queryset=GreenChannelKind.objects.filter(is_active=True), required=False, allow_null=True,
        help_text=_("绿色通道类别代码(如 hospital、school);空为不属于绿色通道"))

    class Meta:
        model = Customer
        fields = ["id", "account_number", "name", "customer_class", "walk_in_category", "is_protected_load",
                  "green_channel", "address", "latitude", "longitude", "phone", "station", "station_name", "feeder", "transformer",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = phone_for(self.context["request"].user, instance.phone)
        return data

    def validate(self, attrs):
        instance = Customer(**{**({f.name: getattr(self.instance, f.name) for f in Customer._meta.concrete_fields}
                                  if self.instance else {}), **attrs})
        instance.clean()
        return attrs
