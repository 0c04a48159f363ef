"""Hostile stored text in PDFs, Excel exports and download names: it prints as the literal text, never as markup
(no file read, no URL fetched, no failed report), never as a live formula, never as a path."""
import datetime as dt
import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from wanjia.campaign import report, services
from wanjia.campaign.models import ScorecardItem
from wanjia.campaign.testing import make_campaign
from wanjia.core import hostile
from wanjia.core.exports import Column, safe_filename, workbook
from wanjia.core.pdf import font, paragraph
from wanjia.core.testing import make_customer
from wanjia.org.models import Role, Unit
from wanjia.outreach import services as outreach
from wanjia.repairs.models import Open311Client


def _squash(text: str) -> str:
    # Table cells wrap long text; compare without the line breaks and spaces that wrapping adds.
    return re.sub(r"\s+", "", text)


def pdf_text_and_images(content: bytes) -> tuple[str, int]:
    reader = PdfReader(BytesIO(content))
    return _squash("".join(p.extract_text() for p in reader.pages)), sum(len(p.images) for p in reader.pages)


def assert_literal(text: str, *needles: str) -> None:
    for needle in needles:
        assert _squash(needle) in text, needle


def test_a_paragraph_prints_markup_as_text():
    buffer = BytesIO()
    style = ParagraphStyle("b", fontName=font(), fontSize=9, leading=12)
    SimpleDocTemplate(buffer).build([paragraph(s, style) for s in hostile.ALL]
                                    + [paragraph('<img src="http://127.0.0.1:9/x.png"/>', style),
                                       paragraph("第一行\n第二行", style), paragraph(None, style)])
    text, images = pdf_text_and_images(buffer.getvalue())
    assert_literal(text, *hostile.ALL, '<img src="http://127.0.0.1:9/x.png"/>', "第一行", "第二行")
    assert images == 0


@pytest.mark.django_db
def test_summary_report_prints_hostile_text_for_the_unit_above(tree):
    """A county's activity day, practice and scorecard evidence reach the prefecture's summary: the report is
    still generated, and holds the text as written."""
    county_manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    day = timezone.localdate() - dt.timedelta(days=2)
    services.activity_day_record(campaign=campaign, unit=tree.a.unit, date=day, place=hostile.MIXED,
                                 commitments=hostile.NOTE, actor=county_manager)
    services.good_practice_record(campaign=campaign, unit=tree.a.station, title=hostile.FILE,
                                  description=hostile.MIXED, actor=county_manager)
    services.assessment_record(unit=tree.a.station, month=day.replace(day=1), actor=tree.province_manager,
                               item=ScorecardItem.objects.get(code="counter_service"), score=1,
                               evidence=hostile.MIXED)
    summary = report.report_generate(campaign=campaign, unit=tree.prefecture, actor=tree.province_manager)
    text, images = pdf_text_and_images(summary.pdf.read())
    assert_literal(text, hostile.TAG, hostile.SCRIPT, hostile.NOTE, hostile.FILE, hostile.FORMULA)
    assert images == 0
    wb = load_workbook(BytesIO(summary.xlsx.read()))
    days = list(wb["社会活动日"].iter_rows(min_row=2))
    assert days[0][2].value == hostile.MIXED and days[0][2].data_type == "s"
    practice = list(wb["典型经验"].iter_rows(min_row=2))[0]
    assert practice[1].value == hostile.FILE and practice[2].value == hostile.MIXED


@pytest.mark.django_db
def test_dashboard_pdf_prints_hostile_unit_names_and_hazards(client, tree):
    Unit.objects.filter(pk=tree.a.unit.pk).update(name=hostile.NOTE)
    Unit.objects.filter(pk=tree.a.station.pk).update(name=hostile.FILE)
    make_customer(tree.a)
    manager = tree.a.users[Role.MANAGER]
    outreach.hazard_raise(unit=tree.a.station, description=hostile.MIXED, severity="general", side="utility",
                          found_on=timezone.localdate() - dt.timedelta(days=10), actor=manager,
                          owner=tree.a.users[Role.CREW], deadline=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(manager)
    response = client.get(f"/kpi/?format=pdf&unit={tree.a.unit.pk}")
    assert response.status_code == 200
    text, images = pdf_text_and_images(response.content)
    assert_literal(text, hostile.NOTE, hostile.FILE, hostile.TAG)
    assert images == 0


def test_export_cells_that_look_like_formulas_are_text_and_numbers_stay_numbers():
    values = [*hostile.ALL, "+1+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd", "普通文字"]
    wb = load_workbook(BytesIO(workbook([("表", [Column(hostile.FORMULA), Column("数")],
                                               [[v, -3.5] for v in values])])))
    rows = list(wb.active.iter_rows())
    assert rows[0][0].value == hostile.FORMULA and rows[0][0].data_type == "s"
    for (cell, number), value in zip(rows[1:], values):
        # XML reads a stored carriage return back as a line feed; what matters is that it is text.
        assert cell.value == value.replace("\r", "\n") and cell.data_type == "s", value
        assert number.value == -3.5 and number.data_type == "n"
    assert rows[1 + values.index(hostile.FORMULA)][0].quotePrefix


@pytest.mark.django_db
def test_open311_caller_name_exports_as_text(client, tree):
    key = Open311Client.objects.create(name="城市热线", api_key="secret-key").api_key
    response = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "no_power", "lat": "25.05", "long": "100.05", "description": hostile.NOTE,
        "first_name": hostile.FORMULA, "phone": "13900002222",
        "attribute[area_dark]": "only_me", "attribute[danger]": "no"})  # the service definition's questions
    assert response.status_code == 201, response.content
    client.force_login(tree.a.users[Role.DISPATCHER])
    sheet = load_workbook(BytesIO(client.get("/repairs/orders/?format=xlsx").content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    caller = list(sheet.iter_rows(min_row=2))[0][header.index("报修人")]
    assert caller.value == hostile.FORMULA and caller.data_type == "s"


@pytest.mark.parametrize("name, expected", [
    ("指标看板_甲县.xlsx", "指标看板_甲县.xlsx"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ('a"b\r\nSet-Cookie: x.xlsx', "a_b_Set-Cookie_ x.xlsx"),
    ("..", "download"),
])
def test_download_names_from_stored_text_are_safe(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.django_db
def test_export_named_after_a_hostile_unit_downloads_with_a_safe_name(client, tree):
    Unit.objects.filter(pk=tree.a.unit.pk).update(name='../甲"县\r\n')
    client.force_login(tree.a.users[Role.MANAGER])
    response = client.get(f"/kpi/?format=xlsx&unit={tree.a.unit.pk}")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "/" not in disposition.split("''", 1)[1] and "\r" not in disposition and "%2F" not in disposition


def test_only_core_pdf_builds_reportlab_paragraphs():
    """A new PDF builder calling reportlab's Paragraph directly would take stored text as markup again."""
    from pathlib import Path

    import wanjia

    root = Path(wanjia.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "tests" not in p.parts and p != root / "core" / "pdf.py"
                 and re.search(r"\bParagraph\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
