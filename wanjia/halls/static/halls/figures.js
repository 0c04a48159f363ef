// Hall ratings: the units one level down ranked by satisfaction, best first; a bar opens that unit's level
// (or the hall's page) as an ordinary link, so the browser's Back returns here.
(function () {
  const el = document.getElementById("satisfaction-chart");
  if (!el) return;
  const data = wanjiaCharts.data("satisfaction-data");
  const words = data.words;
  const rated = data.rows.filter((r) => r.rate !== null).map((r) => r.rate * 100).concat([100]);
  const percent = (rate) => (rate === null ? "—" : wanjiaCharts.number(rate * 100, 1) + "%");
  wanjiaCharts.ranking(el, data.rows, {
    label: (r) => r.label,
    value: (r) => (r.rate === null ? null : Number((r.rate * 100).toFixed(1))),
    text: (r) => percent(r.rate),
    // Rates sit close to 100%: the axis starts at the ten below the lowest so differences show and no bar
    // shrinks to nothing.
    min: Math.max(0, Math.floor((Math.min(...rated) - 5) / 10) * 10), max: 100,
    tip: (r) => wanjiaCharts.tip(r.label, [
      [words.rate, percent(r.rate)], [words.evaluated, String(r.evaluated)], [words.visits, String(r.visits)],
      [words.dissatisfied, String(r.dissatisfied)], [words.halls, String(r.halls)]]),
  });
})();
