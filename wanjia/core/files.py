"""Stored files (photos, documents, generated reports): names we generate, served only through a scoped view.

Nothing under MEDIA_ROOT has a public URL. A file field's `.url` points at `/files/<name>`; the view finds
the row that owns the name (by the field's `GeneratedPath` prefix), checks it with `restrict(user)` and
answers with the bytes as an attachment, `nosniff`, and a content type taken from our own allow-list."""
import re
import secrets
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from PIL import Image, UnidentifiedImageError

from wanjia.core.exports import safe_filename

# The only extensions a stored name may carry, with the type we answer. Anything else is stored as `.bin`
# and served as opaque bytes.
CONTENT_TYPES = {
    ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OPAQUE = ".bin"


@deconstructible
class GeneratedPath:
    """`upload_to` for every stored file: `<prefix>YYYY/MM/<random>.<ext>`. The client's name is never used;
    only its extension, and only if it is on the allow-list (`core.uploads` first renames an upload to its
    detected type). The prefix also tells the file view which model owns the name."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return f"{self.prefix}{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{safe_extension(filename)}"

    def __eq__(self, other):
        return isinstance(other, GeneratedPath) and other.prefix == self.prefix


def detected_extension(handle, name: str) -> str:
    """The allow-listed extension for these bytes (images by Pillow, PDF and XLSX by signature), else
    `.bin`. For files stored before names were generated; new uploads are typed by core.uploads."""
    from wanjia.core.uploads import IMAGE_FORMATS

    head = handle.read(8)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK") and name.lower().endswith(".xlsx"):
        return ".xlsx"
    try:
        with Image.open(handle) as image:
            ext = IMAGE_FORMATS.get(image.format, OPAQUE)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        ext = OPAQUE
    handle.seek(0)
    return ext


def safe_extension(filename: str) -> str:
    ext = PurePosixPath(filename or "").suffix.lower()
    ext = ".jpg" if ext == ".jpeg" else ext
    return ext if ext in CONTENT_TYPES else OPAQUE


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT on disk, with URLs that go through the scoped file view instead of a public path."""

    def url(self, name):
        return reverse("file", args=[name])


def owners() -> dict[str, list[tuple[type[models.Model], str]]]:
    """prefix -> [(model, field name)] for every file field that stores under a generated name."""
    found: dict[str, list] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and isinstance(field.upload_to, GeneratedPath):
                found.setdefault(field.upload_to.prefix, []).append((model, field.name))
    return found


def owner_exists(user, name: str) -> bool:
    """Does a row the user may see own this stored name? Matches on the prefix, then on the exact name.
    History copies of a row (no `restrict`) never grant access."""
    for prefix, fields in owners().items():
        if name.startswith(prefix):
            for model, field in fields:
                manager = model._default_manager
                if hasattr(manager, "restrict") and manager.restrict(user).filter(**{field: name}).exists():
                    return True
    return False


def is_generated(name: str, prefix: str) -> bool:
    return re.fullmatch(re.escape(prefix) + r"\d{4}/\d{2}/[\w-]{24}\.[a-z]+", name) is not None


def rename_stored_files(*, dry_run: bool = False) -> dict[str, int]:
    """Give every file stored before generated names (client-chosen names such as `x.html`) a generated
    name with the extension of its detected type, and point every row at it (history rows too). A file
    shared by several rows is copied once; old files are deleted only after every row has moved."""
    renamed: dict[str, str] = {}
    counts = {"rows": 0, "files": 0, "missing": 0}
    for prefix, fields in owners().items():
        for model, field_name in fields:
            field = model._meta.get_field(field_name)
            rows = (model._default_manager.exclude(**{field_name: ""})
                    .values_list("pk", field_name).order_by("pk").iterator())
            for pk, name in rows:
                if is_generated(name, prefix):
                    continue
                if name not in renamed:
                    if not field.storage.exists(name):
                        counts["missing"] += 1
                        continue
                    with field.storage.open(name, "rb") as handle:
                        new = field.generate_filename(None, "file" + detected_extension(handle, name))
                        if not dry_run:
                            new = field.storage.save(new, handle)
                    renamed[name] = new
                    counts["files"] += 1
                if not dry_run:
                    model._default_manager.filter(pk=pk).update(**{field_name: renamed[name]})
                counts["rows"] += 1
    if not dry_run:
        for old in renamed:
            default_storage.delete(old)
    return counts


def file_response(name: str, *, storage=None, filename: str | None = None) -> HttpResponse:
    """The stored file as a download: our content type (never the client's), `nosniff`, attachment. With
    `WANJIA_SENDFILE` set, the web server sends the bytes (X-Sendfile or nginx X-Accel-Redirect)."""
    storage = storage or default_storage
    ext = PurePosixPath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    filename = safe_filename(filename or PurePosixPath(name).name)
    if ext not in CONTENT_TYPES and not filename.endswith(OPAQUE):
        filename += OPAQUE
    mode = settings.WANJIA_SENDFILE
    if mode:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.WANJIA_SENDFILE_PREFIX.rstrip("/") + "/" + name
        else:
            response["X-Sendfile"] = storage.path(name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were asked to render it, the file gets no scripts and no origin of ours.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
