// Campaign page charts: the phases as a timeline (with today and the activity days) and per-unit progress.
(function () {
  const node = document.getElementById("chart-data");
  if (!node) return;
  const data = JSON.parse(node.textContent);
  const colours = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1"];
  const day = (s) => new Date(s + "T00:00:00").getTime();
  const timeline = document.getElementById("timeline");
  if (timeline) {
    const chart = echarts.init(timeline);
    chart.setOption({
      tooltip: { confine: true, formatter: (p) => wanjiaText.node(p.data.tip) },
      grid: { left: 90, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "time" },
      yAxis: { type: "category", data: data.phases.map((p) => p.name), inverse: true },
      series: [{
        type: "custom",
        renderItem: (params, api) => {
          const start = api.coord([api.value(1), api.value(0)]);
          const end = api.coord([api.value(2), api.value(0)]);
          const height = api.size([0, 1])[1] * 0.5;
          return { type: "rect", shape: { x: start[0], y: start[1] - height / 2, width: end[0] - start[0], height },
                   style: { fill: colours[params.dataIndex % colours.length] } };
        },
        encode: { x: [1, 2], y: 0 },
        data: data.phases.map((p, i) => ({ value: [i, day(p.start), day(p.end)], tip: `${p.name}: ${p.start} — ${p.end}` })),
        markLine: { symbol: "none", label: { formatter: timeline.dataset.today }, lineStyle: { color: "#dc3545" },
                    data: [{ xAxis: day(data.today) }] },
      }, {
        type: "scatter", symbol: "pin", symbolSize: 22, itemStyle: { color: "#ffc107" },
        data: data.activities.map((a) => ({ value: [day(a.date), 0], tip: `${timeline.dataset.activityDay} ${a.date} ${a.name}` })),
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  }
  const progress = document.getElementById("progress");
  if (progress) {
    const chart = echarts.init(progress);
    const names = Object.keys(data.series);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
      legend: { data: names, top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 60 },
      xAxis: { type: "category", data: data.units, axisLabel: { rotate: 30, fontSize: 10 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: names.map((n) => ({ name: n, type: "bar", data: data.series[n] })),
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();
