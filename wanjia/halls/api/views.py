from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wanjia.core.rest import ScopedViewSet
from wanjia.halls import selectors, services
from wanjia.halls.api.serializers import (BusinessHallSerializer, FiguresSerializer, SkillCheckSerializer,
                                         TrainingSessionSerializer)
from wanjia.halls.forms import period_from
from wanjia.halls.models import BusinessHall, SkillCheck, TrainingSession
from wanjia.org.models import Unit


class BusinessHallViewSet(ScopedViewSet):
    """Hall profiles of the caller's units (read only: profiles are edited on the hall page) and the counter
    figures per hall or per clerk for a period (`?start=&end=`, default the last 30 days)."""

    resource = "halls.hall"
    queryset = BusinessHall.objects.select_related("unit").prefetch_related("services", "opening_hours")
    serializer_class = BusinessHallSerializer
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                    OpenApiParameter("by", str, enum=["hall", "staff"])],
        responses=inline_serializer("HallFiguresPage", {
            "start": serializers.DateField(), "end": serializers.DateField(), "by": serializers.CharField(),
            "results": FiguresSerializer(many=True)}))
    @action(detail=False)
    def figures(self, request):
        period, start, end = period_from(request)
        if period.errors:
            raise ValidationError({name: [str(e) for e in errors] for name, errors in period.errors.items()})
        by = request.query_params.get("by", "hall")
        rows = (selectors.staff_figures(user=request.user, start=start, end=end) if by == "staff"
                else selectors.hall_figures(user=request.user, start=start, end=end))
        return Response({"start": start, "end": end, "by": by, "results": FiguresSerializer(rows, many=True).data})


class TrainingSessionViewSet(ScopedViewSet):
    """Training sessions for counter staff with each invited clerk's attendance (create once held)."""

    queryset = TrainingSession.objects.select_related("unit").prefetch_related("skills")
    serializer_class = TrainingSessionSerializer
    resource = "halls.skills"
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        attendance = [(a["staff"], a["attended"], a["note"]) for a in data.pop("attendance")]
        serializer.instance = services.training_record(actor=self.request.user, attendance=attendance, **data)


class SkillCheckViewSet(ScopedViewSet):
    """Skill checks of counter clerks; `GET .../summary/?unit=&start=&end=` gives per clerk the training
    attended and missed and each skill's valid check, as the skills page shows it."""

    queryset = SkillCheck.objects.select_related("staff", "skill", "checker")
    serializer_class = SkillCheckSerializer
    resource = "halls.skills"
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.skill_check_record(actor=self.request.user, **serializer.validated_data)

    @extend_schema(
        parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                    OpenApiParameter("unit", str, description="unit code (default: your unit)")],
        responses=inline_serializer("SkillSummary", {
            "unit": serializers.CharField(), "start": serializers.DateField(), "end": serializers.DateField(),
            "rate": serializers.FloatField(allow_null=True),
            "results": inline_serializer("SkillSummaryRow", {
                "staff": serializers.CharField(), "unit": serializers.CharField(),
                "attended": serializers.IntegerField(), "missed": serializers.IntegerField(),
                "hours": serializers.FloatField(), "qualified": serializers.BooleanField(),
                "skills": serializers.DictField(child=serializers.FloatField(allow_null=True))}, many=True)}))
    @action(detail=False, pagination_class=None)
    def summary(self, request):
        period, start, end = period_from(request, days=365)
        if period.errors:
            raise ValidationError({name: [str(e) for e in errors] for name, errors in period.errors.items()})
        units = Unit.objects.restrict(request.user)
        code = request.query_params.get("unit")
        unit = units.filter(code=code).first() if code else request.user.unit
        if unit is None:
            raise ValidationError({"unit": [_("范围内找不到该单位。")]})
        skills, rows = selectors.staff_skills(unit=unit, start=start, end=end)
        rate = selectors.skills_rate(unit=unit, end=end)
        return Response({"unit": unit.code, "start": start, "end": end, "rate": rate,
                         "results": [{"staff": r.staff.username, "unit": r.staff.unit.code, "attended": r.attended,
                                      "missed": r.missed, "hours": r.hours, "qualified": r.qualified(skills),
                                      "skills": {s.code: (r.checks.get(s.pk).score if r.checks.get(s.pk) else None)
                                                 for s in skills}} for r in rows]})
