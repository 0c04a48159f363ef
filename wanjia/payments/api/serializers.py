from rest_framework import serializers

from wanjia.org.models import Unit
from wanjia.payments.models import ChannelKind, PaymentChannel


class PaymentChannelSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ChannelKind.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    is_physical = serializers.BooleanField(source="kind.is_physical", read_only=True)

    class Meta:
        model = PaymentChannel
        fields = ["id", "kind", "is_physical", "name", "unit", "address", "latitude", "longitude", "hours", "phone",
                  "is_active"]

    def validate(self, attrs):
        # The model's own rules (location required for a physical point, both coordinates or neither).
        current = {f: getattr(self.instance, f) for f in self.Meta.fields if self.instance and f != "is_physical"}
        PaymentChannel(**{**current, **attrs}).clean()
        return attrs
