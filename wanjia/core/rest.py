"""API base pieces: the role permission, the one error envelope, and the scoped viewset every domain API
uses (after NetBox's base viewset: no viewset filters by unit by hand)."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, relations, routers, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wanjia.core.errors import DomainError
from wanjia.core.idempotency import client_of, run_idempotent
from wanjia.core.text import label
from wanjia.org.scoping import ensure_in_scope, referable

from wanjia.core.permissions import SAFE, RolePermission  # noqa: F401  (SAFE is re-exported)


class ChoiceLabelField(serializers.CharField):
    """The label of a choice value (`source`, a field with `choices`) in the request's language, read only.
    Django's `get_<field>_display` rebuilds the whole choices map on every call, which showed in an intake's
    profile; a value outside the choices is shown as it is, as Django shows it."""

    def __init__(self, choices: type[models.Choices], **kwargs):
        self.choices_class = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        try:
            return str(self.choices_class(value).label)
        except ValueError:
            return str(value)


class InLanguageField(serializers.CharField):
    """A data row's display label in the request's language (`wanjia.core.text.label`), read only:
    `InLanguageField(source="item", field="text")` gives the item's `text_en` to English clients that have one."""

    def __init__(self, field: str = "name", **kwargs):
        self.row_field = field
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, row):
        return label(row, self.row_field)


def _fields_from(detail) -> dict:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def exception_handler(exc, context):
    """One error shape for the REST API: {"code", "message", "fields": {field: [messages]}}."""
    if isinstance(exc, DomainError):
        fields = {exc.field or "non_field_errors": [exc.message]}
        return Response({"code": exc.code, "message": exc.message, "fields": fields},
                        status=status.HTTP_409_CONFLICT if exc.code == "idempotency_conflict"
                        else status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields_from(exc.detail)
        message = _("输入有误,请检查标出的栏位。")
        response.data = {"code": "invalid", "message": message, "fields": fields}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(detail), "fields": {}}
    return response


class SharedFields:
    """For serializers whose fields read neither the request nor the serializer's own state (answers, and
    payloads of plain values never validated as a partial update): DRF builds a model serializer's fields
    from the model's metadata, and deep-copies a plain serializer's declared fields, for every serializer it
    makes, which was a tenth of an intake's time. Built once per process instead, bound to a serializer of
    their own with no context (a method field calls its method there), and shared by every serializer of the
    class. `to_representation` and `validate` of the class itself still run on each serializer, with its
    request."""

    @property
    def fields(self):
        cls = type(self)
        shared = cls.__dict__.get("_shared_fields")
        if shared is None:
            shared = cls._shared_fields = super(SharedFields, cls(context={})).fields
        return shared


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for signed-in users (session or token): it maps every endpoint."""

    resource = "core.api_docs"
    permission_classes = [RolePermission]


class SchemaDocsView(SpectacularSwaggerView):
    resource = "core.api_docs"
    permission_classes = [RolePermission]


class Router(routers.DefaultRouter):
    """Each app's API router; its index page (the list of endpoints) is open to any signed-in user."""

    class APIRootView(routers.APIRootView):
        resource = "core.api_docs"


def scope_references(serializer, user):
    """Every record a client names in a payload (a related field it fills in) must be one the user may refer
    to (`org.scoping.referable`); anything else is answered exactly like an id that does not exist."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    for field in serializer.fields.values():
        target = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
        if isinstance(target, relations.RelatedField) and not target.read_only and target.queryset is not None:
            target.queryset = referable(target.get_queryset(), user)
        elif isinstance(field, serializers.BaseSerializer):
            scope_references(field, user)
    return serializer


class ScopedReferencesMixin:
    """For API views: their serializers, and the payloads of their extra actions (`payload()`), accept only
    references inside the user's scope."""

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        scope_references(serializer, self.request.user)
        return serializer

    def payload(self, serializer_class, *, data, **kwargs):
        """A validated action payload (400 with field messages if it is not valid)."""
        serializer = serializer_class(data=data, context=self.get_serializer_context(), **kwargs)
        scope_references(serializer, self.request.user)
        serializer.is_valid(raise_exception=True)
        return serializer


class ScopedViewSet(ScopedReferencesMixin, viewsets.ModelViewSet):
    """A model viewset over `Model.objects.restrict(user)`. Writes run in a transaction and re-check that the
    written record is still inside the user's scope; outside it, the write rolls back. `resource` names the
    permission table entry (`core.permissions`) for reads and writes alike."""

    resource: str | None = None

    def get_queryset(self):
        action = "view" if self.request.method in SAFE else "change"
        return self.queryset.restrict(self.request.user, action)

    # A create that runs inside a transaction of its own already (IdempotentCreateMixin) takes no savepoint.
    create_savepoint = True

    def perform_create(self, serializer):
        with transaction.atomic(savepoint=self.create_savepoint):
            instance = serializer.save()
            ensure_in_scope(self.request.user, instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            ensure_in_scope(self.request.user, instance)


class IdempotentCreateMixin:
    """`POST` with an `Idempotency-Key` header answers a retry with the first answer (and
    `Idempotent-Replayed: true`) instead of creating a second record."""

    idempotency_endpoint: str = ""
    create_savepoint = False  # the create runs in `run_idempotent`'s transaction: a failure rolls it all back

    def create(self, request, *args, **kwargs):
        def do_create():
            response = super(IdempotentCreateMixin, self).create(request, *args, **kwargs)
            return response.status_code, response.data

        status_code, body, replayed = run_idempotent(
            key=request.headers.get("Idempotency-Key"), client=client_of(request),
            endpoint=self.idempotency_endpoint or type(self).__name__, payload=request.data, create=do_create,
        )
        response = Response(body, status=status_code)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response
