// What the pictures drawn from server-embedded JSON share: numbers formatted the same way, tooltips built as
// text nodes (stored names are hostile: ECharts puts a formatter's string into the page as HTML), charts that
// follow their box when the window changes, and the ranked bar chart whose bars open the next level down.
window.wanjiaCharts = (function () {
  const charts = new Map(); // element → fits its chart to the box after a resize
  const fitAll = () => charts.forEach((fit) => fit());
  window.addEventListener("resize", fitAll);
  window.addEventListener("beforeprint", fitAll);

  // data("id") → the object the template embedded with json_script.
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const number = (value, decimals) => (value === null || value === undefined ? "—" : Number(value).toFixed(decimals));

  // tip("title", [["label", "value"], ...]) → a tooltip of text lines.
  function tip(title, lines) {
    const box = wanjiaText.node("div", wanjiaText.node("strong", title));
    lines.forEach(([label, value]) => box.append(document.createElement("br"), wanjiaText.node(label + " " + value)));
    return box;
  }

  // Follow only addresses on this site (the server builds them, but a chart never navigates elsewhere).
  function open(href) {
    if (!href) return;
    const url = new URL(String(href), window.location.href);
    if (url.origin === window.location.origin) window.location.assign(url.href);
  }

  // init(el, option, refit): a chart in `el` showing `option`. When the window's width changes, the chart takes
  // its box's new size and `refit(chart)`, if given, merges in what depends on it. Never redrawn from scratch
  // there: phones fire resize as their address bar slides, and a full redraw drops an open tooltip.
  function init(el, option, refit) {
    const chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.setOption(option, true);
    let width = el.clientWidth;
    charts.set(el, () => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      chart.resize();
      if (refit) refit(chart);
    });
    return chart;
  }

  // ranking(el, rows, {label, value, text, tip, min, max, scale}) draws one horizontal bar per row, the
  // first on top, as tall as its rows need; a row's `href` (built by the server) is opened when its bar is
  // clicked. Long names are cut to a third of the box so the bars keep their room on a phone.
  function ranking(el, rows, options) {
    el.style.height = Math.max(120, rows.length * 28 + 40) + "px";
    const labels = () => ({ width: Math.max(64, Math.min(200, el.clientWidth / 3)), overflow: "truncate" });
    const chart = init(el, {
      animation: false,
      tooltip: { trigger: "item", confine: true, formatter: (p) => options.tip(rows[p.dataIndex]) },
      grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", scale: Boolean(options.scale), min: options.min, max: options.max },
      yAxis: { type: "category", inverse: true, data: rows.map(options.label), axisLabel: labels() },
      series: [{
        type: "bar", barMaxWidth: 20, cursor: rows.some((r) => r.href) ? "pointer" : "default",
        data: rows.map(options.value), itemStyle: { color: "#0d6efd" },
        label: { show: true, position: "right", formatter: (p) => options.text(rows[p.dataIndex]) },
      }],
    }, (c) => c.setOption({ yAxis: { axisLabel: labels() } }));
    chart.resize();
    chart.off("click");
    chart.on("click", (event) => open(rows[event.dataIndex] && rows[event.dataIndex].href));
    return chart;
  }

  return { data, number, tip, init, ranking };
})();
