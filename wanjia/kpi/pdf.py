"""Server-side PDF of a dashboard (reportlab); text goes in through core.pdf (escaped, Chinese CID font)."""
from io import BytesIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from wanjia.core.pdf import font
from wanjia.core.pdf import paragraph  # stored text prints as text, never as markup

FONT = font()
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22)
HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=18, spaceBefore=8)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)


def _n(value, decimals) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def _table(rows, widths):
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f1ff")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
    ]))
    return table


def _ranking_chart(kpi: dict, rows: list[dict]) -> Drawing | None:
    rows = [r for r in rows if r["value"] is not None][:15]
    if not rows:
        return None
    drawing = Drawing(240 * mm, 8 * mm * len(rows) + 10 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 5 * mm
    chart.width, chart.height = 180 * mm, 8 * mm * len(rows)
    chart.data = [[r["value"] for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [r["unit"] for r in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#0d6efd")
    drawing.add(chart)
    return drawing


def dashboard_pdf(data: dict) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"{data['unit']['name']} 指标看板")
    period = f"{data['period']['start']} 至 {data['period']['end']}"
    story = [paragraph(f"{data['unit']['name']} 指标看板", TITLE), paragraph(f"期间:{period}(与上年同期比较)", BODY),
             Spacer(1, 4 * mm)]
    rows = [["指标", "本期", "上年同期", "变化", "计量单位", "方向"]]
    arrows = {True: "改善", False: "变差", None: ""}
    for k in data["kpis"]:
        rows.append([k["name"], _n(k["value"], k["decimals"]), _n(k["last_year"], k["decimals"]),
                     _n(k["change"], k["decimals"]), k["unit"], arrows[k["better"]]])
    story.append(_table(rows, [70 * mm, 35 * mm, 35 * mm, 30 * mm, 30 * mm, 25 * mm]))
    names = {k["code"]: k for k in data["kpis"]}
    for code, ranks in data["ranking"].items():
        kpi = names[code]
        if not any(r["value"] is not None for r in ranks):
            continue
        story.append(paragraph(f"下级单位排名:{kpi['name']}({kpi['unit']})", HEAD))
        chart = _ranking_chart(kpi, ranks)
        if chart is not None:
            story.append(chart)
    for action in data["actions"]:
        if not action["rows"]:
            continue
        story.append(paragraph(action["title"], HEAD))
        rows = [["记录", "说明", "数值"]] + [[r["label"], paragraph(r["detail"], BODY), str(r["value"])]
                                         for r in action["rows"]]
        story.append(_table(rows, [60 * mm, 150 * mm, 40 * mm]))
    doc.build(story)
    return buffer.getvalue()
