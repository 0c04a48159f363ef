"""The campaign summary: one set of figures, written once as Excel (openpyxl, through core.exports) and once
as PDF (reportlab through core.pdf, so every stored text prints as text, never as markup)."""
import datetime as dt
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign import compliance, scoring, selectors
from wanjia.campaign.models import Campaign, GoalMeasure, ScorecardItem, SummaryReport, Task
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, workbook
from wanjia.core.text import label
from wanjia.org.scoping import ensure_unit_in_scope


# Fewer days of data than this and the summary does not rank units: one day's figures rank by chance.
MIN_DAYS_TO_RANK = 7


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _goal_value(value, measure: str) -> str:
    if value is None:
        return "—"
    return _pct(value) if measure == GoalMeasure.RATE else f"{value:g}"


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
    (b0, b1), (d0, d1) = kpi_periods(campaign, today)
    days = (d1 - d0).days + 1
    # The scorecard covers the campaign so far (with this month's assessments), not a month just begun.
    cards = scoring.ranking(selectors.reporting_units(unit), month, period=(d0, d1))
    ranked = days >= MIN_DAYS_TO_RANK
    if not ranked:
        cards.sort(key=lambda c: c.unit.path)
    kpis = []
    for item in ScorecardItem.objects.exclude(source_code=""):
        if item.source_code not in scoring.sources():
            continue  # the app holding that data is not installed
        before = scoring.source_rate(item.source_code, unit, b0, b1)
        during = scoring.source_rate(item.source_code, unit, d0, d1)
        if before is None and during is None:
            continue
        kpis.append([str(item), before, during,
                     None if before is None or during is None else during - before])
    notice = "" if ranked else _(
        "活动开始仅 %(n)s 天,数据不足 %(m)s 天,本报告不作单位排名,前后对比仅供参考。") % {"n": days, "m": MIN_DAYS_TO_RANK}
    return {
        "campaign": campaign, "unit": unit, "today": today, "month": scoring.month_range(month)[0],
        "days": days, "ranked": ranked, "notice": notice,
        "overview": [
            [_("活动名称"), campaign.name], [_("汇总范围"), str(unit)],
            [_("活动期间"), f"{campaign.start_date} 至 {campaign.end_date}"], [_("统计截至"), str(today)],
            [_("已开展天数"), days],
        ] + ([[_("说明"), notice]] if notice else []),
        "goals": [[g["goal"].text, g["source"], g["target"], g["achieved"], g["gap"],
                   "—" if g["met"] is None else (_("达到") if g["met"] else _("未达到")), g["measure"]]
                  for g in selectors.goal_progress(campaign=campaign, unit=unit, today=today)],
        "phases": phase_rows(campaign, unit, today),
        "progress": [[str(r["unit"]), r["tasks_done"], r["tasks_total"], r["visits"], r["hazards_closed"],
                      r["hazards_total"], r["feedback_answered"], r["feedback_resolved"], r["feedback_total"]]
                     for r in selectors.unit_progress(campaign=campaign, unit=unit)],
        "compliance": compliance_rows(campaign, unit, today),
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
        "improvements": [[i.get_kind_display(), i.title, i.description, str(i.unit), i.effective_on]
                         for i in selectors.improvements(campaign=campaign, unit=unit)],
    }


def phase_rows(campaign: Campaign, unit, today: dt.date) -> list[list]:
    """Each phase with its dates and the tasks of the unit's subtree: done, total, overdue."""
    rows = []
    for phase in campaign.phases.all():
        tasks = Task.objects.filter(phase=phase, unit__path__startswith=unit.path)
        rows.append([phase.get_kind_display(), phase.start_date, phase.end_date,
                     tasks.filter(done_at__isnull=False).count(), tasks.count(),
                     tasks.filter(done_at__isnull=True, due_date__lt=today).count()])
    return rows


def compliance_rows(campaign: Campaign, unit, today: dt.date) -> dict:
    table = compliance.matrix(campaign=campaign, unit=unit, today=today)
    return {"header": [_("单位")] + [r.name for r in table["requirements"]],
            "rows": [[str(row.unit)] + [c.label for c in row.cells] for row in table["rows"]]}


def _summary_rows(f: dict) -> list[list]:
    h, fo, c = f["hazards"], f["forums"], f["coverage"]
    return [
        [_("社会活动日(次)"), f["activities"]["count"]],
        [_("活动日参加人数"), f["activities"]["attendance"]],
        [_("发放资料(份)"), f["activities"]["materials"]],
        [_("走访(次)"), sum(v["visits"] for v in f["visits"])],
        [_("发现隐患(项)"), h["found"]],
        [_("已销号隐患(项)"), h["closed"]],
        [_("逾期未整改隐患(项)"), h["overdue"]],
        [_("座谈会(场,已召开)"), fo["forums_held"]],
        [_("座谈会参会人数"), fo["attendees"]],
        [_("收集意见(条)"), fo["feedback"]],
        [_("已答复并反馈到人(条)"), fo["answered"]],
        [_("问题已解决(条)"), fo["resolved"]],
        [_("党支部(个)"), c["branches"]],
        [_("未结对党支部(个)"), len(c["unpaired_branches"])],
        [_("党员(名)"), c["members"]],
        [_("未结对党员(名)"), len(c["unpaired_members"])],
        [_("结对(对)"), c["pairings"]],
        [_("本季度未走访的结对(对)"), len(c["unvisited_pairings"])],
    ]


def _scorecard_rows(f: dict) -> tuple[list[str], list[list]]:
    items = list(ScorecardItem.objects.all())
    header = [_("名次"), _("单位"), _("总分")] + [f"{label(i)}({i.max_points})" for i in items] + [_("评分依据")]
    rows = []
    for rank, card in enumerate(f["scorecard"], start=1):
        evidence = ";".join(f"{label(s.item)}:{s.evidence}" for s in card.scores)
        rows.append([rank if f["ranked"] else "—", str(card.unit), card.total, *[s.score for s in card.scores],
                     evidence])
    return header, rows


def build_xlsx(f: dict) -> bytes:
    sc_header, sc_rows = _scorecard_rows(f)
    (b0, b1), (d0, d1) = f["kpi_periods"]
    sheets = [
        (_("概况"), [Column(_("项目"), 28), Column(_("数值"), 40)], f["overview"] + _summary_rows(f)),
        (_("目标完成"), [Column(_("目标"), 40), Column(_("指标或计数"), 20), Column(_("目标值"), 12),
                        Column(_("实际"), 12), Column(_("差距"), 12), Column(_("结论"), 10)],
         [g[:6] for g in f["goals"]]),
        (_("阶段与任务"), [Column(_("阶段"), 14), Column(_("开始"), 12), Column(_("结束"), 12),
                          Column(_("已完成任务"), 12), Column(_("任务数"), 10), Column(_("逾期任务"), 10)],
         f["phases"]),
        (_("各单位进度"), [Column(_("单位"), 24), Column(_("已完成任务"), 12), Column(_("任务数"), 10),
                          Column(_("走访"), 10), Column(_("隐患销号"), 10), Column(_("隐患"), 10),
                          Column(_("意见反馈到人"), 12), Column(_("意见已解决"), 12), Column(_("意见"), 10)],
         f["progress"]),
        (_("进度要求"), [Column(h, 24 if i == 0 else 16) for i, h in enumerate(f["compliance"]["header"])],
         f["compliance"]["rows"]),
        (_("社会活动日"), [Column(_("日期"), 12), Column(_("主办单位"), 24), Column(_("地点"), 30),
                          Column(_("参加人数"), 10), Column(_("发放资料"), 10), Column(_("当日走访"), 10)],
         f["activities"]["rows"]),
        (_("六走进"), [Column(_("类别"), 12), Column(_("走访次数"), 10), Column(_("问题项"), 10),
                      Column(_("登记隐患"), 10)],
         [[v["label"], v["visits"], v["problems"], v["hazards"]] for v in f["visits"]]),
        (_("隐患整改"), [Column(_("项目"), 20), Column(_("数量"), 10)],
         [[_("发现"), f["hazards"]["found"]], [_("已销号"), f["hazards"]["closed"]],
          [_("整改中"), f["hazards"]["in_progress"]], [_("逾期"), f["hazards"]["overdue"]],
          [_("自查发现"), f["hazards"]["self_inspection"]]]),
        (_("座谈会与意见"), [Column(_("项目"), 24), Column(_("数量"), 10)],
         [[_("座谈会"), f["forums"]["forums"]], [_("已召开"), f["forums"]["forums_held"]],
          [_("参会人数"), f["forums"]["attendees"]], [_("收集意见"), f["forums"]["feedback"]],
          [_("其中座谈会意见"), f["forums"]["forum_items"]], [_("已反馈到人"), f["forums"]["answered"]],
          [_("问题已解决"), f["forums"]["resolved"]]]),
        (_("结对覆盖"), [Column(_("项目"), 24), Column(_("数值"), 12)],
         [[_("支部结对覆盖率"), f["coverage"]["branch_coverage"]], [_("党员结对覆盖率"), f["coverage"]["member_coverage"]],
          [_("本季度已走访结对比例"), f["coverage"]["visited_share"]]]),
        (_("五到位评分"), [Column(h, 30 if i in (1, len(sc_header) - 1) else 10) for i, h in enumerate(sc_header)],
         sc_rows),
        (_("指标对比"), [Column(_("指标"), 30), Column(f"{_('活动前')} {b0}~{b1}", 22, "0.0%"),
                        Column(f"{_('活动期间')} {d0}~{d1}", 22, "0.0%"), Column(_("变化"), 12, "+0.0%;-0.0%")],
         f["kpis"]),
        (_("典型经验"), [Column(_("单位"), 24), Column(_("标题"), 30), Column(_("做法与成效"), 60),
                        Column(_("记录日期"), 12)], f["practices"]),
        (_("制度流程改进"), [Column(_("类别"), 8), Column(_("名称"), 30), Column(_("改进内容"), 60),
                          Column(_("单位"), 24), Column(_("施行日期"), 12)], f["improvements"]),
    ]
    return workbook(sheets)


def build_pdf(f: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from wanjia.core.pdf import font as pdf_font
    from wanjia.core.pdf import paragraph  # stored text prints as text, never as markup

    font = pdf_font()
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    heading = ParagraphStyle("h", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=font, fontSize=8, leading=11)

    def table(header, rows, widths=None):
        data = [[paragraph(h, body) for h in header]]
        data += [[paragraph(f"{v:.1f}" if isinstance(v, float) else v, body) for v in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eef9")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    campaign = f["campaign"]
    story = [paragraph(f"{campaign.name} {_('活动总结')}", title),
             table([_("项目"), _("内容")], f["overview"], [50 * mm, 120 * mm]),
             paragraph(_("一、主要数字"), heading), table([_("项目"), _("数量")], _summary_rows(f), [80 * mm, 40 * mm]),
             paragraph(_("二、目标完成情况"), heading),
             table([_("目标"), _("指标或计数"), _("目标值"), _("实际"), _("差距"), _("结论")],
                   [[g[0], g[1], *(_goal_value(v, g[6]) for v in g[2:5]), g[5]] for g in f["goals"]]
                   or [[_("尚无目标"), "", "", "", "", ""]]),
             paragraph(_("三、阶段与任务"), heading),
             table([_("阶段"), _("开始"), _("结束"), _("已完成任务"), _("任务数"), _("逾期任务")], f["phases"]),
             paragraph(_("四、各单位进度"), heading),
             table([_("单位"), _("已完成任务"), _("任务数"), _("走访"), _("隐患销号"), _("隐患"), _("意见反馈到人"),
                    _("意见已解决"), _("意见")], f["progress"]),
             paragraph(_("五、进度要求完成情况"), heading),
             table(f["compliance"]["header"], f["compliance"]["rows"] or [[_("尚无进度要求")]
                                                                         + [""] * (len(f["compliance"]["header"]) - 1)]),
             paragraph(_("六、社会活动日"), heading),
             table([_("日期"), _("主办单位"), _("地点"), _("参加人数"), _("发放资料"), _("当日走访")],
                   f["activities"]["rows"]),
             paragraph(_("七、六走进"), heading),
             table([_("类别"), _("走访次数"), _("问题项"), _("登记隐患")],
                   [[v["label"], v["visits"], v["problems"], v["hazards"]] for v in f["visits"]]),
             paragraph(_("八、隐患排查整改"), heading),
             table([_("发现"), _("已销号"), _("整改中"), _("逾期"), _("自查发现")],
                   [[f["hazards"][k] for k in ("found", "closed", "in_progress", "overdue", "self_inspection")]]),
             paragraph(_("九、客户座谈会与意见"), heading),
             table([_("座谈会"), _("已召开"), _("参会人数"), _("收集意见"), _("已反馈到人"), _("问题已解决")],
                   [[f["forums"][k] for k in ("forums", "forums_held", "attendees", "feedback", "answered",
                                              "resolved")]]),
             paragraph(_("十、党工团结对"), heading),
             table([_("支部结对覆盖率"), _("党员结对覆盖率"), _("本季度已走访结对比例")],
                   [[_pct(f["coverage"][k]) for k in ("branch_coverage", "member_coverage", "visited_share")]])]
    sc_header, sc_rows = _scorecard_rows(f)
    (b0, b1), (d0, d1) = f["kpi_periods"]
    story += [paragraph(_("十一、五到位评分(%(s)s 至 %(e)s)") % {"s": d0, "e": d1}, heading)]
    if f["notice"]:
        story.append(paragraph(f["notice"], body))
    story += [table(sc_header[:-1], [r[:-1] for r in sc_rows]),
              paragraph(_("评分依据"), heading),
              table([_("单位"), _("依据")], [[r[1], r[-1]] for r in sc_rows], [40 * mm, 220 * mm])]
    story += [paragraph(_("十二、活动前后指标对比"), heading),
              table([_("指标"), f"{_('活动前')} {b0}~{b1}", f"{_('活动期间')} {d0}~{d1}", _("变化")],
                    [[k[0], _pct(k[1]), _pct(k[2]), "—" if k[3] is None else f"{k[3] * 100:+.1f}%"]
                     for k in f["kpis"]] or [[_("尚无指标数据"), "", "", ""]]),
              paragraph(_("十三、典型经验"), heading),
              table([_("单位"), _("标题"), _("做法与成效"), _("记录日期")], f["practices"] or [["", _("尚无记录"), "", ""]],
                    [40 * mm, 50 * mm, 140 * mm, 25 * mm]),
              paragraph(_("十四、制度流程改进"), heading),
              table([_("类别"), _("名称"), _("改进内容"), _("单位"), _("施行日期")],
                    f["improvements"] or [["", _("尚无记录"), "", "", ""]], [15 * mm, 50 * mm, 125 * mm, 40 * mm, 25 * mm]),
              Spacer(1, 6 * mm),
              paragraph(_("生成时间:%(t)s") % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M")}, body)]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                      bottomMargin=12 * mm, title=campaign.name).build(story)
    return buffer.getvalue()


def report_check(*, campaign: Campaign, unit, actor, today: dt.date | None = None) -> dt.date:
    """May `actor` have this summary now? Refuses as `report_generate` would, at once (the page checks before
    handing the work to a worker). Returns the day the summary runs to."""
    if not selectors.campaign_list(user=actor).filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("您没有参加该活动。"))
    ensure_unit_in_scope(actor, unit, "view")
    if not unit.path.startswith(campaign.unit.path):
        raise DomainError(_("汇总范围必须是活动的参加单位。"), field="unit")
    today = today or timezone.localdate()
    if today < campaign.start_date:
        raise DomainError(_("活动尚未开始,无可汇总的数据。"), field="campaign")
    return today


# The steps of a summary, as `report_generate` reports them to `progress(done, total)`.
REPORT_STEPS = 4


def report_generate(*, campaign: Campaign, unit, actor, today: dt.date | None = None,
                    progress=None) -> SummaryReport:
    """One action, both files, from the same figures. `progress(done, total)` hears of each step (figures,
    Excel, PDF, stored)."""
    today = report_check(campaign=campaign, unit=unit, actor=actor, today=today)
    step = progress or (lambda done, total: None)
    step(0, REPORT_STEPS)
    f = figures(campaign=campaign, unit=unit, today=today)
    step(1, REPORT_STEPS)
    xlsx = build_xlsx(f)
    step(2, REPORT_STEPS)
    pdf = build_pdf(f)
    step(3, REPORT_STEPS)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with transaction.atomic():
        report = SummaryReport(campaign=campaign, unit=unit, generated_at=timezone.now(), generated_by=actor)
        report.xlsx.save(f"summary-{campaign.pk}-{unit.code}-{stamp}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"summary-{campaign.pk}-{unit.code}-{stamp}.pdf", ContentFile(pdf), save=False)
        report.save()
    return report
