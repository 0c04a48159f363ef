from rest_framework import serializers

from wanjia.halls.models import BusinessHall, SkillCheck, SkillItem, TrainingSession
from wanjia.halls.selectors import weekly_hours
from wanjia.org.models import Unit, User


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


class AttendanceSerializer(serializers.Serializer):
    staff = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    attended = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class TrainingSessionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    skills = serializers.SlugRelatedField(slug_field="code", many=True, queryset=SkillItem.objects.all(),
                                          required=False)
    attendance = AttendanceSerializer(many=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "unit", "title", "date", "hours", "trainer", "content", "skills", "attendance"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["attendance"] = [{"staff": a.staff.username, "attended": a.attended, "note": a.note}
                              for a in instance.attendance.select_related("staff")]
        return data


class SkillCheckSerializer(serializers.ModelSerializer):
    staff = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    skill = serializers.SlugRelatedField(slug_field="code", queryset=SkillItem.objects.all())
    checker = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SkillCheck
        fields = ["id", "staff", "skill", "checked_on", "score", "passed", "checker", "note"]
        read_only_fields = ["passed", "checker"]
