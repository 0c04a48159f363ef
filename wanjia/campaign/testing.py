"""Test helpers shared by the campaign, outreach and feedback tests."""
import datetime as dt
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from wanjia.campaign.models import PhaseKind
from wanjia.campaign.services import campaign_create


def make_campaign(unit, actor, *, start=None, days=180):
    """A campaign that started 60 days ago (so visits 'today' fall inside it), with the four phases."""
    start = start or timezone.localdate() - dt.timedelta(days=60)
    end = start + dt.timedelta(days=days)
    q = days // 4
    phases = {
        PhaseKind.LAUNCH: (start, start + dt.timedelta(days=q - 1), "动员部署"),
        PhaseKind.SURVEY: (start + dt.timedelta(days=q), start + dt.timedelta(days=2 * q - 1), "调研走访"),
        PhaseKind.RECTIFICATION: (start + dt.timedelta(days=2 * q), start + dt.timedelta(days=3 * q - 1), "整改"),
        PhaseKind.SUMMARY: (start + dt.timedelta(days=3 * q), end, "总结"),
    }
    return campaign_create(name="为民服务 创先争优", unit=unit, start_date=start, end_date=end, actor=actor,
                           goals="客户满意", phases=phases)


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
