// The reliability page's pictures, from the figures the server embedded: SAIDI, CAIDI and SAIFI month by month
// (ASAI in the tooltip), and the child units ranked worst first by the index chosen above the ranking; a bar
// opens that unit's own page for the same period.
(function () {
  const data = wanjiaCharts.data("reliability-data");
  const byKey = Object.fromEntries(data.indices.map((i) => [i.key, i]));
  const shown = (row, key) => {
    const index = byKey[key];
    return wanjiaCharts.number(row[key], index.decimals) + (index.unit && row[key] !== null ? " " + index.unit : "");
  };
  const tip = (row) => wanjiaCharts.tip(row.label, data.indices.map((i) => [i.name, shown(row, i.key)])
    .concat([[data.words.customers, String(row.customers)]]));

  wanjiaCharts.init(document.getElementById("trend-chart"), {
    animation: false,
    tooltip: { trigger: "axis", confine: true, formatter: (points) => tip(data.months[points[0].dataIndex]) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months.map((m) => m.label) },
    yAxis: [
      { type: "value", name: data.words.minutes, alignTicks: true },
      { type: "value", name: "SAIFI", alignTicks: true, splitLine: { show: false } },
    ],
    series: [
      { name: "SAIDI", type: "bar", yAxisIndex: 0, barMaxWidth: 24, data: data.months.map((m) => m.saidi) },
      { name: "CAIDI", type: "line", yAxisIndex: 0, data: data.months.map((m) => m.caidi), connectNulls: false },
      { name: "SAIFI", type: "line", yAxisIndex: 1, data: data.months.map((m) => m.saifi), lineStyle: { type: "dashed" } },
    ],
  });

  const el = document.getElementById("ranking-chart");
  if (!el) return;
  const select = document.getElementById("ranking-index");
  // Worst first: the highest SAIFI, SAIDI or CAIDI, the lowest ASAI; units without customers last.
  function rank(key) {
    const index = byKey[key];
    const rows = data.children.slice().sort((a, b) => {
      if (a[key] === null || b[key] === null) return (a[key] === null) - (b[key] === null);
      return index.higher_is_worse ? b[key] - a[key] : a[key] - b[key];
    });
    wanjiaCharts.ranking(el, rows, {
      label: (r) => r.label, value: (r) => r[key], scale: !index.higher_is_worse,
      text: (r) => wanjiaCharts.number(r[key], index.decimals), tip,
    });
  }
  select.addEventListener("change", () => rank(select.value));
  rank(select.value);
})();
