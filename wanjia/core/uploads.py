"""Checks for uploaded files: size and pixel count from settings, images really images (decoded, not trusted
by name). A file that passes is renamed to its detected type (`photo.gif`), so the stored name's extension
comes from its bytes, never from the client (see core.files.GeneratedPath)."""
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Detected Pillow format -> the extension we store it under.
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".webp"}


def validate_size(upload) -> None:
    limit = settings.WANJIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(_("文件过大:上限 %(mb).1f MB。") % {"mb": limit / 1024 / 1024}, code="too_large")


def _too_many_pixels(limit: int) -> ValidationError:
    return ValidationError(_("图片像素过多:上限 %(mp)d 万像素,请缩小后再上传。") % {"mp": limit // 10_000},
                           code="too_many_pixels")


def validate_image(upload) -> None:
    """JPEG, PNG, WebP or GIF by content, within the size and pixel limits (checked from the header, before
    anything is decoded, so a small file that expands to gigabytes is refused cheaply)."""
    validate_size(upload)
    limit = settings.WANJIA_MAX_IMAGE_PIXELS
    not_image = ValidationError(_("只接受 JPEG、PNG、WebP 或 GIF 图片。"), code="not_image")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # We enforce our own limit below; Pillow's warning between its two thresholds adds nothing.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > limit:
                    raise _too_many_pixels(limit)
                image.verify()
                fmt = image.format
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(limit) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise not_image from exc
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise not_image
    upload.name = "photo" + IMAGE_FORMATS[fmt]


def validate_document(upload) -> None:
    """A PDF (by its signature) or an image; renamed to the detected type like images."""
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
        upload.name = "document.pdf"
    else:
        validate_image(upload)
