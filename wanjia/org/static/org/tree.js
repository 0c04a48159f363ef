// The unit tree's name filter and fold buttons. A unit shows while its name or code holds the text, or one
// under it does (then it unfolds to show them); clearing the box restores the folds as they were.
(function () {
  const tree = document.getElementById("unit-tree");
  const input = document.getElementById("unit-filter");
  const status = document.getElementById("unit-filter-status");
  if (!tree || !input) return;
  const items = [...tree.querySelectorAll("li[data-name]")];
  const folds = items.map((li) => li.querySelector(":scope > details"));
  let saved = null; // the folds as they were before the filter changed them

  function filter() {
    const text = input.value.trim().toLowerCase();
    if (!text) {
      items.forEach((li) => { li.hidden = false; });
      if (saved) folds.forEach((d, i) => { if (d) d.open = saved[i]; });
      saved = null;
      status.textContent = "";
      return;
    }
    if (!saved) saved = folds.map((d) => Boolean(d && d.open));
    const shown = new Set();
    let matches = 0;
    // Deepest first, so a unit knows whether anything under it is shown.
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const li = items[i];
      const own = (li.dataset.name + " " + li.dataset.code).toLowerCase().includes(text);
      const below = folds[i] ? [...folds[i].querySelectorAll(":scope > ul > li")].some((c) => shown.has(c)) : false;
      if (own) matches += 1;
      if (own || below) shown.add(li);
      li.hidden = !(own || below);
      if (folds[i]) folds[i].open = below;
    }
    status.textContent = matches ? status.dataset.some + " " + matches : status.dataset.none;
  }

  input.addEventListener("input", filter);
  const fold = (open) => () => { input.value = ""; filter(); folds.forEach((d) => { if (d) d.open = open; }); };
  document.getElementById("unit-expand").addEventListener("click", fold(true));
  document.getElementById("unit-collapse").addEventListener("click", fold(false));
})();
