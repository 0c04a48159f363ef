// Draws the trend and ranking charts from the data embedded by the server (no extra request).
(function () {
  const data = JSON.parse(document.getElementById("kpi-data").textContent);
  const select = document.getElementById("kpi-select");
  const byCode = Object.fromEntries(data.kpis.map((k) => [k.code, k]));
  const trendChart = echarts.init(document.getElementById("trend-chart"));
  const rankingChart = echarts.init(document.getElementById("ranking-chart"));
  const params = new URLSearchParams(window.location.search);
  // Legend words come translated from the template (data-current, data-last-year).
  const words = document.getElementById("trend-chart").dataset;

  function draw(code) {
    const kpi = byCode[code];
    if (!kpi) return;
    const fmt = (v) => (v === null || v === undefined ? "—" : Number(v).toFixed(kpi.decimals));
    const series = data.trend.series[code];
    // No animation: the figures are read, printed and screenshotted, not watched.
    trendChart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0, data: [words.current, words.lastYear] },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: { type: "value", name: kpi.unit, scale: kpi.kind === "rate" },
      series: [
        { name: words.current, type: "line", data: series.current, connectNulls: false },
        { name: words.lastYear, type: "line", data: series.last_year, lineStyle: { type: "dashed" } },
      ],
    }, true);
    const rows = data.ranking[code] || [];
    document.getElementById("ranking-kpi").textContent = kpi.name + "(" + kpi.unit + ")";
    rankingChart.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
      grid: { left: 120, right: 30, top: 10, bottom: 30 },
      xAxis: { type: "value", scale: kpi.kind === "rate" },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.unit) },
      series: [{ type: "bar", data: rows.map((r) => ({ value: r.value, unitId: r.id })),
                 itemStyle: { color: "#0d6efd" }, label: { show: true, position: "right", formatter: (p) => fmt(p.value) } }],
    }, true);
    params.set("kpi", code);
  }

  // A bar opens the same dashboard for that child unit.
  rankingChart.on("click", (event) => {
    const next = new URLSearchParams(params);
    next.set("unit", event.data.unitId);
    window.location.search = next.toString();
  });
  select.addEventListener("change", () => draw(select.value));
  document.querySelectorAll(".kpi-card").forEach((card) => {
    card.addEventListener("dblclick", () => { select.value = card.dataset.kpi; draw(card.dataset.kpi); });
  });
  window.addEventListener("resize", () => { trendChart.resize(); rankingChart.resize(); });
  window.addEventListener("beforeprint", () => { trendChart.resize(); rankingChart.resize(); });
  draw(select.value);
  window.kpiCharts = { trend: trendChart, ranking: rankingChart };
})();
