"""The campaign summary: one set of figures, written once as Excel (openpyxl, through core.exports) and once
as PDF (reportlab, Chinese in the built-in CID font STSong-Light, so no font file is needed)."""
import datetime as dt
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign import scoring, selectors
from wanjia.campaign.models import Campaign, ScorecardItem, SummaryReport
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, workbook
from wanjia.org.scoping import ensure_unit_in_scope


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def kpi_periods(campaign: Campaign, today: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """The campaign so far, and a period of the same length just before it."""
    during_end = min(campaign.end_date, today)
    length = max((during_end - campaign.start_date).days, 0) + 1
    before_end = campaign.start_date - dt.timedelta(days=1)
    return (before_end - dt.timedelta(days=length - 1), before_end), (campaign.start_date, during_end)


def figures(*, campaign: Campaign, unit, today: dt.date) -> dict:
    """Every figure the summary shows, as plain rows (section → header and rows)."""
    activities = selectors.activity_summary(campaign=campaign, unit=unit)
    hazards = selectors.hazard_summary(campaign=campaign, unit=unit, today=today)
    forums = selectors.forum_summary(campaign=campaign, unit=unit)
    coverage = selectors.pairing_coverage(unit=unit, today=min(today, campaign.end_date))
    month = min(today, campaign.end_date)
    cards = scoring.ranking(selectors.reporting_units(unit), month)
    (b0, b1), (d0, d1) = kpi_periods(campaign, today)
    kpis = []
    for item in ScorecardItem.objects.exclude(source_code=""):
        if item.source_code not in scoring.sources():
            continue  # the app holding that data is not installed
        before = scoring.source_rate(item.source_code, unit, b0, b1)
        during = scoring.source_rate(item.source_code, unit, d0, d1)
        if before is None and during is None:
            continue
        kpis.append([f"{item.dimension} · {item.name}", before, during,
                     None if before is None or during is None else during - before])
    return {
        "campaign": campaign, "unit": unit, "today": today, "month": scoring.month_range(month)[0],
        "overview": [
            [_("活動名稱"), campaign.name], [_("匯總範圍"), str(unit)],
            [_("活動期間"), f"{campaign.start_date} 至 {campaign.end_date}"], [_("統計截至"), str(today)],
        ],
        "activities": {"count": activities["count"], "attendance": activities["attendance"],
                       "materials": activities["materials"],
                       "rows": [[d.date, str(d.unit), d.place, d.attendance, d.materials_count, d.visits.count()]
                                for d in activities["days"]]},
        "visits": selectors.visits_by_category(campaign=campaign, unit=unit),
        "hazards": hazards,
        "forums": forums,
        "coverage": coverage,
        "scorecard": cards,
        "kpis": kpis, "kpi_periods": ((b0, b1), (d0, d1)),
        "practices": [[str(p.unit), p.title, p.description, p.recorded_on]
                      for p in selectors.good_practices(campaign=campaign, unit=unit)],
    }


def _summary_rows(f: dict) -> list[list]:
    h, fo, c = f["hazards"], f["forums"], f["coverage"]
    return [
        [_("社會活動日(次)"), f["activities"]["count"]],
        [_("活動日參加人數"), f["activities"]["attendance"]],
        [_("發放資料(份)"), f["activities"]["materials"]],
        [_("走訪(次)"), sum(v["visits"] for v in f["visits"])],
        [_("發現隱患(項)"), h["found"]],
        [_("已銷號隱患(項)"), h["closed"]],
        [_("逾期未整改隱患(項)"), h["overdue"]],
        [_("座談會(場,已召開)"), fo["forums_held"]],
        [_("座談會參會人數"), fo["attendees"]],
        [_("收集意見(條)"), fo["feedback"]],
        [_("已答復並反饋到人(條)"), fo["resolved"]],
        [_("黨支部(個)"), c["branches"]],
        [_("未結對黨支部(個)"), len(c["unpaired_branches"])],
        [_("黨員(名)"), c["members"]],
        [_("未結對黨員(名)"), len(c["unpaired_members"])],
        [_("結對(對)"), c["pairings"]],
        [_("本季度未走訪的結對(對)"), len(c["unvisited_pairings"])],
    ]


def _scorecard_rows(f: dict) -> tuple[list[str], list[list]]:
    items = list(ScorecardItem.objects.all())
    header = [_("名次"), _("單位"), _("總分")] + [f"{i.name}({i.max_points})" for i in items] + [_("評分依據")]
    rows = []
    for rank, card in enumerate(f["scorecard"], start=1):
        evidence = ";".join(f"{s.item.name}:{s.evidence}" for s in card.scores)
        rows.append([rank, str(card.unit), card.total, *[s.score for s in card.scores], evidence])
    return header, rows


def build_xlsx(f: dict) -> bytes:
    sc_header, sc_rows = _scorecard_rows(f)
    (b0, b1), (d0, d1) = f["kpi_periods"]
    sheets = [
        (_("概況"), [Column(_("項目"), 28), Column(_("數值"), 40)], f["overview"] + _summary_rows(f)),
        (_("社會活動日"), [Column(_("日期"), 12), Column(_("主辦單位"), 24), Column(_("地點"), 30),
                          Column(_("參加人數"), 10), Column(_("發放資料"), 10), Column(_("當日走訪"), 10)],
         f["activities"]["rows"]),
        (_("六走進"), [Column(_("類別"), 12), Column(_("走訪次數"), 10), Column(_("問題項"), 10),
                      Column(_("登記隱患"), 10)],
         [[v["label"], v["visits"], v["problems"], v["hazards"]] for v in f["visits"]]),
        (_("隱患整改"), [Column(_("項目"), 20), Column(_("數量"), 10)],
         [[_("發現"), f["hazards"]["found"]], [_("已銷號"), f["hazards"]["closed"]],
          [_("整改中"), f["hazards"]["in_progress"]], [_("逾期"), f["hazards"]["overdue"]],
          [_("自查發現"), f["hazards"]["self_inspection"]]]),
        (_("座談會與意見"), [Column(_("項目"), 24), Column(_("數量"), 10)],
         [[_("座談會"), f["forums"]["forums"]], [_("已召開"), f["forums"]["forums_held"]],
          [_("參會人數"), f["forums"]["attendees"]], [_("收集意見"), f["forums"]["feedback"]],
          [_("其中座談會意見"), f["forums"]["forum_items"]], [_("已反饋到人"), f["forums"]["resolved"]]]),
        (_("結對覆蓋"), [Column(_("項目"), 24), Column(_("數值"), 12)],
         [[_("支部結對覆蓋率"), f["coverage"]["branch_coverage"]], [_("黨員結對覆蓋率"), f["coverage"]["member_coverage"]],
          [_("本季度已走訪結對比例"), f["coverage"]["visited_share"]]]),
        (_("五到位評分"), [Column(h, 30 if i in (1, len(sc_header) - 1) else 10) for i, h in enumerate(sc_header)],
         sc_rows),
        (_("指標對比"), [Column(_("指標"), 30), Column(f"{_('活動前')} {b0}~{b1}", 22, "0.0%"),
                        Column(f"{_('活動期間')} {d0}~{d1}", 22, "0.0%"), Column(_("變化"), 12, "+0.0%;-0.0%")],
         f["kpis"]),
        (_("典型經驗"), [Column(_("單位"), 24), Column(_("標題"), 30), Column(_("做法與成效"), 60),
                        Column(_("記錄日期"), 12)], f["practices"]),
    ]
    return workbook(sheets)


def build_pdf(f: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    heading = ParagraphStyle("h", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=font, fontSize=8, leading=11)

    def table(header, rows, widths=None):
        data = [[Paragraph(str(h), body) for h in header]]
        data += [[Paragraph("" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v)), body)
                  for v in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eef9")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    campaign = f["campaign"]
    story = [Paragraph(f"{campaign.name} {_('活動總結')}", title),
             table([_("項目"), _("內容")], f["overview"], [50 * mm, 120 * mm]),
             Paragraph(_("一、主要數字"), heading), table([_("項目"), _("數量")], _summary_rows(f), [80 * mm, 40 * mm]),
             Paragraph(_("二、社會活動日"), heading),
             table([_("日期"), _("主辦單位"), _("地點"), _("參加人數"), _("發放資料"), _("當日走訪")],
                   f["activities"]["rows"]),
             Paragraph(_("三、六走進"), heading),
             table([_("類別"), _("走訪次數"), _("問題項"), _("登記隱患")],
                   [[v["label"], v["visits"], v["problems"], v["hazards"]] for v in f["visits"]]),
             Paragraph(_("四、隱患排查整改"), heading),
             table([_("發現"), _("已銷號"), _("整改中"), _("逾期"), _("自查發現")],
                   [[f["hazards"][k] for k in ("found", "closed", "in_progress", "overdue", "self_inspection")]]),
             Paragraph(_("五、客戶座談會與意見"), heading),
             table([_("座談會"), _("已召開"), _("參會人數"), _("收集意見"), _("已反饋到人")],
                   [[f["forums"][k] for k in ("forums", "forums_held", "attendees", "feedback", "resolved")]]),
             Paragraph(_("六、黨支部結對"), heading),
             table([_("支部結對覆蓋率"), _("黨員結對覆蓋率"), _("本季度已走訪結對比例")],
                   [[_pct(f["coverage"][k]) for k in ("branch_coverage", "member_coverage", "visited_share")]])]
    sc_header, sc_rows = _scorecard_rows(f)
    story += [Paragraph(_("七、五到位評分(%(m)s)") % {"m": f["month"].strftime("%Y-%m")}, heading),
              table(sc_header[:-1], [r[:-1] for r in sc_rows]),
              Paragraph(_("評分依據"), heading),
              table([_("單位"), _("依據")], [[r[1], r[-1]] for r in sc_rows], [40 * mm, 220 * mm])]
    (b0, b1), (d0, d1) = f["kpi_periods"]
    story += [Paragraph(_("八、活動前後指標對比"), heading),
              table([_("指標"), f"{_('活動前')} {b0}~{b1}", f"{_('活動期間')} {d0}~{d1}", _("變化")],
                    [[k[0], _pct(k[1]), _pct(k[2]), "—" if k[3] is None else f"{k[3] * 100:+.1f}%"]
                     for k in f["kpis"]] or [[_("尚無指標數據"), "", "", ""]]),
              Paragraph(_("九、典型經驗"), heading),
              table([_("單位"), _("標題"), _("做法與成效"), _("記錄日期")], f["practices"] or [["", _("尚無記錄"), "", ""]],
                    [40 * mm, 50 * mm, 140 * mm, 25 * mm]),
              Spacer(1, 6 * mm),
              Paragraph(_("生成時間:%(t)s") % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M")}, body)]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                      bottomMargin=12 * mm, title=campaign.name).build(story)
    return buffer.getvalue()


def report_generate(*, campaign: Campaign, unit, actor, today: dt.date | None = None) -> SummaryReport:
    """One action, both files, from the same figures."""
    if not selectors.campaign_list(user=actor).filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("您沒有參加該活動。"))
    ensure_unit_in_scope(actor, unit, "view")
    if not unit.path.startswith(campaign.unit.path):
        raise DomainError(_("匯總範圍必須是活動的參加單位。"), field="unit")
    today = today or timezone.localdate()
    if today < campaign.start_date:
        raise DomainError(_("活動尚未開始,無可匯總的數據。"), field="campaign")
    f = figures(campaign=campaign, unit=unit, today=today)
    xlsx, pdf = build_xlsx(f), build_pdf(f)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with transaction.atomic():
        report = SummaryReport(campaign=campaign, unit=unit, generated_at=timezone.now(), generated_by=actor)
        report.xlsx.save(f"summary-{campaign.pk}-{unit.code}-{stamp}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"summary-{campaign.pk}-{unit.code}-{stamp}.pdf", ContentFile(pdf), save=False)
        report.save()
    return report
