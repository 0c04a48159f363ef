"""Input that no database column can hold is refused at the door."""
import json

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _refused(request) -> bool:
    if any(_has_nul(k) or _has_nul(v) for k, values in request.GET.lists() for v in [*values]):
        return True
    content_type = request.content_type or ""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if content_type == "application/json":
        if b"\\u0000" not in request.body:
            return False  # JSON (UTF-8) holds U+0000 only as this escape: no parse of every API body for it
        try:
            return _has_nul(json.loads(request.body))
        except (ValueError, UnicodeDecodeError):
            return False  # the parser answers malformed JSON itself
    if content_type == "multipart/form-data" and int(request.META.get("CONTENT_LENGTH") or 0) > settings.WANJIA_MAX_UPLOAD_BYTES:
        return False  # too large anyway: the view refuses it before anything is read
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Text fields only: files may hold NUL bytes. DRF reads an already parsed form from request.POST.
        return any(_has_nul(k) or _has_nul(v) for k, values in request.POST.lists() for v in values)
    return False


class RefuseNulCharacters:
    """A NUL character (U+0000) in a query parameter or a JSON/form field: 400. PostgreSQL text cannot hold
    it, so it would otherwise fail deep inside a query or a save as a server error, whatever the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _refused(request):
            message = _("输入中含有不允许的空字符(U+0000)。")
            if request.path.startswith(("/api/", "/open311/")):
                return JsonResponse({"code": "nul_character", "message": message, "fields": {}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
