"""Excel sheets of every KPI table (core.exports: Chinese headers, numbers as numbers, dates as dates)."""
import datetime as dt
import re

from wanjia.core.exports import Column
from wanjia.kpi.registry import Direction, Kind

DIRECTIONS = {Direction.HIGHER: "越高越好", Direction.LOWER: "越低越好", Direction.NEUTRAL: "—"}


def _sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in sheet names."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)


def dashboard_sheets(data: dict):
    period = f"{data['period']['start']} 至 {data['period']['end']}"
    figures = [Column("指标代码", 24), Column("指标", 24), Column("单位", 12), Column("期间", 24),
               Column("本期", 14), Column("上年同期", 14), Column("变化", 12), Column("计量单位", 10),
               Column("方向", 10)]
    fig_rows = [(k["code"], k["name"], data["unit"]["name"], period, k["value"], k["last_year"], k["change"],
                 k["unit"], DIRECTIONS[Direction(k["direction"])]) for k in data["kpis"]]
    rank_cols = [Column("指标", 24), Column("名次", 8, "0"), Column("下级单位", 24), Column("单位编码", 12),
                 Column("数值", 14, "#,##0.00"), Column("计量单位", 10)]
    names = {k["code"]: k for k in data["kpis"]}
    rank_rows = [(names[code]["name"], i, r["unit"], r["code"], r["value"], names[code]["unit"])
                 for code, rows in data["ranking"].items() for i, r in enumerate(rows, start=1)]
    trend_cols = [Column("指标", 24), Column("月份", 10, "yyyy-mm"), Column("本期", 14, "#,##0.00"),
                  Column("上年同月", 14, "#,##0.00"), Column("计量单位", 10)]
    months = [dt.date.fromisoformat(m + "-01") for m in data["trend"]["months"]]
    trend_rows = [(names[code]["name"], month, s["current"][i], s["last_year"][i], names[code]["unit"])
                  for code, s in data["trend"]["series"].items() for i, month in enumerate(months)]
    sheets = [("指标", figures, fig_rows), ("下级单位排名", rank_cols, rank_rows), ("月度趋势", trend_cols, trend_rows)]
    for action in data["actions"]:
        sheets.append((_sheet_title(action["title"]), [Column("记录", 24), Column("说明", 40), Column("数值", 14)],
                       [(r["label"], r["detail"], r["value"]) for r in action["rows"]]))
    return sheets


def kpi_sheets(kpi, unit, period, figure, ranks, series):
    cols = [Column("单位", 24), Column("分项", 16), Column("本期", 14, "#,##0.00"), Column("上年同期", 14, "#,##0.00"),
            Column("计量单位", 10)]
    rows = [(unit.name, "合计", figure["value"], figure["last_year"], str(kpi.unit))]
    rows += [(unit.name, p["label"], p["value"], None, str(kpi.unit)) for p in figure["parts"]]
    rank_cols = [Column("名次", 8, "0"), Column("下级单位", 24), Column("单位编码", 12), Column("数值", 14, "#,##0.00")]
    rank_rows = [(i, r["unit"], r["code"], r["value"]) for i, r in enumerate(ranks, start=1)]
    trend_cols = [Column("月份", 10, "yyyy-mm"), Column("本期", 14, "#,##0.00"), Column("上年同月", 14, "#,##0.00")]
    s = series["series"][kpi.code]
    trend_rows = [(dt.date.fromisoformat(m + "-01"), s["current"][i], s["last_year"][i])
                  for i, m in enumerate(series["months"])]
    return [(str(kpi.name), cols, rows), ("下级单位排名", rank_cols, rank_rows), ("月度趋势", trend_cols, trend_rows)]


def definition_sheets(kpis):
    kinds = {Kind.RATE: "比率", Kind.MEAN: "平均", Kind.COUNT: "计数", Kind.STOCK: "存量", Kind.DERIVED: "派生",
             Kind.LIVE: "即时"}
    cols = [Column("代码", 28), Column("名称", 24), Column("公式", 60), Column("计量单位", 10), Column("方向", 10),
            Column("类型", 8), Column("数据来源", 14)]
    rows = [(k.code, str(k.name), str(k.formula), str(k.unit), DIRECTIONS[k.direction], kinds[k.kind], k.app)
            for k in kpis]
    return [("指标定义", cols, rows)]
