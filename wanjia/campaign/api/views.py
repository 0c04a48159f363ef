from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from wanjia.campaign import compliance, scoring, selectors, services
from wanjia.campaign.api import serializers as s
from wanjia.campaign.models import (ActivityDay, Assessment, Campaign, CampaignGoal, GoodPractice, LeadingGroupMember,
                                    Pairing, PairingVisit, PartyBranch, PartyMember, Phase, ProcessImprovement,
                                    Requirement, Task)
from wanjia.core.dates import parse_query_month
from wanjia.core.permissions import SAFE, permits
from wanjia.core.rest import ScopedViewSet
from wanjia.core.void_views import VoidActionMixin

CREATE_ONLY = ["get", "post", "head", "options"]
CREATE_DELETE = ["get", "post", "delete", "head", "options"]
NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


class CampaignViewSet(ScopedViewSet):
    """Campaigns the user takes part in (owned in their subtree or by a unit above them). Managers create
    and change those of their unit and below. `GET .../{id}/progress/` gives the per-unit progress,
    `.../goals/` target, achieved and gap per goal, `.../compliance/` the schedule compliance matrix;
    `POST .../{id}/copy/` starts a new campaign from this one."""

    resource = "campaign.campaign"
    queryset = Campaign.objects.all()
    serializer_class = s.CampaignSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.request.method in SAFE:
            return selectors.campaign_list(user=self.request.user).prefetch_related("phases")
        return Campaign.objects.restrict(self.request.user, "change")

    def perform_create(self, serializer):
        serializer.instance = services.campaign_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = services.campaign_update(campaign=serializer.instance, actor=self.request.user, **data)

    @extend_schema(request=s.CampaignCopySerializer, responses=s.CampaignSerializer)
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        source = self.get_object()
        data = s.CampaignCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_copy(source=source, actor=request.user, **data.validated_data)
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @action(detail=True)
    def goals(self, request, pk=None):
        campaign = self.get_object()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        rows = selectors.goal_progress(campaign=campaign, unit=unit, today=timezone.localdate())
        return Response({"unit": unit.code, "goals": [
            {"id": r["goal"].pk, "text": r["goal"].text, "measure": r["measure"], "kpi_code": r["goal"].kpi_code,
             "count_code": r["goal"].count_code, "target": r["target"], "achieved": r["achieved"], "gap": r["gap"],
             "met": r["met"]} for r in rows]})

    @action(detail=True)
    def compliance(self, request, pk=None):
        campaign = self.get_object()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        table = compliance.matrix(campaign=campaign, unit=unit, today=timezone.localdate())
        return Response({
            "requirements": s.RequirementSerializer(table["requirements"], many=True).data,
            "rows": [{"unit": row.unit.code, "unit_name": row.unit.name,
                      "cells": [{"requirement": c.requirement.pk, "status": c.status, "done": c.done, "total": c.total}
                                for c in row.cells]} for row in table["rows"]],
        })

    @action(detail=True)
    def progress(self, request, pk=None):
        campaign = self.get_object()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        rows = selectors.unit_progress(campaign=campaign, unit=unit)
        return Response([{**r, "unit": r["unit"].code} for r in rows])


class ActivityDayViewSet(VoidActionMixin, ScopedViewSet):
    resource = "campaign.activity_day"
    queryset = ActivityDay.objects.select_related("unit").prefetch_related("units")
    serializer_class = s.ActivityDaySerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.activity_day_record(actor=self.request.user, **serializer.validated_data)


class GoodPracticeViewSet(ScopedViewSet):
    """Good practices of a campaign (典型经验), recorded by a participating unit; the summary report lists them."""

    resource = "campaign.practice"
    queryset = GoodPractice.objects.select_related("unit", "recorded_by")
    serializer_class = s.GoodPracticeSerializer
    http_method_names = CREATE_ONLY
    filterset_fields = ["campaign"]

    def perform_create(self, serializer):
        serializer.instance = services.good_practice_record(actor=self.request.user, **serializer.validated_data)


class ProcessImprovementViewSet(ScopedViewSet):
    """Rules and processes the campaign improved (建章立制、优化流程): a record kind of its own, listed in the
    summary report apart from good practices."""

    resource = "campaign.practice"
    queryset = ProcessImprovement.objects.select_related("unit", "recorded_by")
    serializer_class = s.ProcessImprovementSerializer
    http_method_names = CREATE_ONLY
    filterset_fields = ["campaign", "kind"]

    def perform_create(self, serializer):
        serializer.instance = services.improvement_record(actor=self.request.user, **serializer.validated_data)


class PairingViewSet(ScopedViewSet):
    resource = "campaign.pairing"
    queryset = Pairing.objects.select_related("customer")
    serializer_class = s.PairingSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("ended_on", None)
        serializer.instance = services.pairing_create(actor=self.request.user, **data)


class PairingVisitViewSet(ScopedViewSet):
    resource = "campaign.pairing"
    queryset = PairingVisit.objects.all()
    serializer_class = s.PairingVisitSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.pairing_visit_record(actor=self.request.user, **serializer.validated_data)


class AssessmentViewSet(ScopedViewSet):
    """Recorded assessments; `GET .../ranking/?month=YYYY-MM` gives the ranking with the evidence."""

    resource = "campaign.scorecard"
    queryset = Assessment.objects.select_related("unit", "item")
    serializer_class = s.AssessmentSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.assessment_record(actor=self.request.user, **serializer.validated_data)

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM (default: this month)")],
        responses=inline_serializer("AssessmentRanking", {
            "unit": serializers.CharField(), "unit_name": serializers.CharField(),
            "total": serializers.FloatField(), "max": serializers.IntegerField(),
            "items": inline_serializer("AssessmentRankingItem", {
                "code": serializers.CharField(), "score": serializers.FloatField(allow_null=True),
                "basis": serializers.CharField(), "evidence": serializers.CharField()}, many=True)}, many=True))
    @action(detail=False, pagination_class=None)
    def ranking(self, request):
        month = parse_query_month(request.query_params.get("month"), "month") or timezone.localdate().replace(day=1)
        units = selectors.reporting_units(request.user.unit) if request.user.unit else []
        return Response([{"unit": c.unit.code, "unit_name": c.unit.name, "total": c.total, "max": c.max_total,
                          "items": [{"code": x.item.code, "score": x.score, "basis": x.basis, "evidence": x.evidence}
                                    for x in c.scores]} for c in scoring.ranking(units, month)])


class LeadingGroupMemberViewSet(ScopedViewSet):
    resource = "campaign.campaign"
    queryset = LeadingGroupMember.objects.all()
    serializer_class = s.LeadingGroupMemberSerializer
    http_method_names = CREATE_DELETE

    def perform_create(self, serializer):
        serializer.instance = services.leading_member_add(actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.leading_member_remove(member=instance, actor=self.request.user)


class PhaseViewSet(ScopedViewSet):
    """`POST` a phase of a campaign; posting a kind the campaign has changes that phase's dates."""

    resource = "campaign.campaign"
    queryset = Phase.objects.all()
    serializer_class = s.PhaseSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.phase_set(actor=self.request.user, **serializer.validated_data)


class GoalViewSet(ScopedViewSet):
    resource = "campaign.campaign"
    queryset = CampaignGoal.objects.all()
    serializer_class = s.GoalSerializer
    http_method_names = CREATE_DELETE

    def perform_create(self, serializer):
        serializer.instance = services.goal_create(actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.goal_delete(goal=instance, actor=self.request.user)


class RequirementViewSet(ScopedViewSet):
    """The schedule requirements of a campaign (data: windows, walk-in categories, levels)."""

    resource = "campaign.campaign"
    queryset = Requirement.objects.all()
    serializer_class = s.RequirementSerializer
    http_method_names = NO_PUT

    def perform_create(self, serializer):
        serializer.instance = services.requirement_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("campaign", None)
        serializer.instance = services.requirement_update(requirement=serializer.instance, actor=self.request.user,
                                                          **data)

    def perform_destroy(self, instance):
        services.requirement_delete(requirement=instance, actor=self.request.user)


class TaskViewSet(ScopedViewSet):
    """Phase tasks of the user's subtree. `POST` with `cascade_kind` also creates one task per unit of that
    kind below. `.../complete/`, `.../cascade/`, `.../assign/` and `.../evidence/` (multipart `file`)
    act on one task; the task's owner may complete it and add evidence."""

    resource = "campaign.task"
    queryset = Task.objects.select_related("unit").prefetch_related("evidence").annotate(
        children_total=Count("children", distinct=True),
        children_done=Count("children", filter=Q(children__done_at__isnull=False), distinct=True))
    serializer_class = s.TaskSerializer
    http_method_names = CREATE_ONLY
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filterset_fields = ["phase", "phase__campaign", "parent"]

    def _owner_or_manager(self, task):
        from django.core.exceptions import PermissionDenied

        if not (permits(self.request.user, "campaign.task", "assign") or task.owner_id == self.request.user.pk):
            raise PermissionDenied

    def perform_create(self, serializer):
        task = services.task_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=task.pk)  # with its roll-up counts

    def _done(self, task):
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(request=s.TaskCompleteSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        self._owner_or_manager(task)
        data = s.TaskCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.task_complete(task=task, note=data.validated_data["note"], actor=request.user)
        return self._done(task)

    @extend_schema(request=s.TaskCascadeSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def cascade(self, request, pk=None):
        task = self.get_object()
        data = s.TaskCascadeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.task_cascade(task=task, kind=data.validated_data["cascade_kind"], actor=request.user)
        return self._done(task)

    @extend_schema(request=s.TaskAssignSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        task = self.get_object()
        data = s.TaskAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.task_assign(task=task, owner=data.validated_data["owner"], actor=request.user)
        return self._done(task)

    @extend_schema(request={"multipart/form-data": s.TaskEvidenceUploadSerializer}, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        task = self.get_object()
        self._owner_or_manager(task)
        data = s.TaskEvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.task_evidence_add(task=task, file=data.validated_data["file"], actor=request.user)
        return self._done(task)


class GroupViewSet(ScopedViewSet):
    """党工团 groups (party branches, party-member service teams, 工人先锋队, youth volunteer teams)."""

    resource = "campaign.group"
    queryset = PartyBranch.objects.select_related("unit")
    serializer_class = s.GroupSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.branch_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("unit", None)
        serializer.instance = services.group_update(group=serializer.instance, actor=self.request.user, **data)


class GroupMemberViewSet(ScopedViewSet):
    """Members of the groups; the group's secretary (or the unit's manager) adds them and takes them off the
    roll with `POST .../{id}/active/`."""

    resource = "campaign.group"
    queryset = PartyMember.objects.select_related("branch")
    serializer_class = s.GroupMemberSerializer
    http_method_names = CREATE_ONLY
    filterset_fields = ["branch", "is_active"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.member_add(group=data.pop("branch"), actor=self.request.user, **data)

    @extend_schema(request=s.MemberActiveSerializer, responses=s.GroupMemberSerializer)
    @action(detail=True, methods=["post"])
    def active(self, request, pk=None):
        member = self.get_object()
        data = s.MemberActiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.member_set_active(member=member, active=data.validated_data["is_active"], actor=request.user)
        return Response(s.GroupMemberSerializer(member).data)
