from rest_framework import serializers

from wanjia.org.models import Unit
from wanjia.network.models import Transformer
from wanjia.payments.models import ChannelKind, MeasureKind, PaymentChannel, PaymentMeasure


class PaymentChannelSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ChannelKind.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    is_physical = serializers.BooleanField(source="kind.is_physical", read_only=True)

    class Meta:
        model = PaymentChannel
        fields = ["id", "kind", "is_physical", "name", "unit", "address", "latitude", "longitude", "hours", "phone",
                  "is_active", "opened_on", "closed_on"]

    def validate(self, attrs):
        # The model's own rules (location required for a physical point, both coordinates or neither).
        current = {f: getattr(self.instance, f) for f in self.Meta.fields if self.instance and f != "is_physical"}
        PaymentChannel(**{**current, **attrs}).clean()
        return attrs


class PaymentMeasureSerializer(serializers.ModelSerializer):
    transformer = serializers.SlugRelatedField(slug_field="code", queryset=Transformer.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    kind = serializers.SlugRelatedField(slug_field="code", queryset=MeasureKind.objects.all())
    channel = serializers.PrimaryKeyRelatedField(queryset=PaymentChannel.objects.all(), required=False,
                                                 allow_null=True)

    class Meta:
        model = PaymentMeasure
        fields = ["id", "transformer", "unit", "kind", "description", "due_date", "channel", "done_on", "done_note"]
        read_only_fields = ["done_on", "done_note"]


class MeasureCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()
    on = serializers.DateField(required=False)
    channel = serializers.PrimaryKeyRelatedField(queryset=PaymentChannel.objects.all(), required=False)
