"""Checks for uploaded files: size from settings, images really images (decoded, not trusted by name)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".webp"}


def validate_size(upload) -> None:
    limit = settings.WANJIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(_("文件过大:上限 %(mb).1f MB。") % {"mb": limit / 1024 / 1024}, code="too_large")


def validate_image(upload) -> None:
    validate_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("只接受 JPEG、PNG、WebP 或 GIF 图片。"), code="not_image") from exc
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("只接受 JPEG、PNG、WebP 或 GIF 图片。"), code="not_image")


def validate_document(upload) -> None:
    validate_size(upload)
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for ext in DOCUMENT_TYPES):
        raise ValidationError(_("只接受 PDF 或图片文件。"), code="bad_type")
    if name.endswith(".pdf"):
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("文件不是有效的 PDF。"), code="bad_type")
    else:
        validate_image(upload)
