// The outage page's map: each outage under way or planned ahead as the points of its transformers and the
// area around them; its popup lists the villages and communities affected. Every name is data: popups are
// built as text nodes (wanjiaText), layer labels escaped.
(function () {
  const el = document.getElementById("outage-map");
  if (!el || !window.L) return;
  const data = JSON.parse(document.getElementById("outage-map-data").textContent);
  const words = el.dataset;
  const map = L.map(el);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  const stations = L.layerGroup().addTo(map);
  data.stations.forEach((s) => L.geoJSON(s.boundary, { style: { color: "#6c757d", weight: 1, fillOpacity: 0.03 } })
    .bindTooltip(wanjiaText.node(s.name)).addTo(stations));
  const colours = { on: "#dc3545", late: "#dc3545", ahead: "#6c757d" };
  const groups = { on: L.featureGroup().addTo(map), ahead: L.featureGroup().addTo(map) };

  function line(label, value) {
    return wanjiaText.node("div", wanjiaText.node("span", label + ": "), value);
  }
  function popup(o) {
    const places = o.places.length
      ? wanjiaText.node("ul", ...o.places.map((name) => wanjiaText.node("li", name)))
      : wanjiaText.node("div", words.wordNone);
    places.className = "mb-0 ps-3 small wj-popup-places";
    const expected = wanjiaText.node("span", o.expected || words.wordNone);
    if (o.state === "late") { expected.className = "text-danger"; expected.title = words.wordLate; }
    return wanjiaText.node("div",
      wanjiaText.node("strong", o.title),
      wanjiaText.node("div", `${o.state === "ahead" ? words.wordAhead : words.wordOn} · ${o.kind} · ${o.station}`),
      line(words.wordStart, o.start), line(words.wordExpected, expected), line(words.wordCustomers, o.customers),
      wanjiaText.node("div", wanjiaText.node("strong", words.wordPlaces)), places);
  }
  data.outages.forEach((o) => {
    const color = colours[o.state];
    const layer = L.featureGroup();
    if (o.area.length) L.polygon(o.area, { color, weight: 1, fillOpacity: 0.15 }).addTo(layer);
    o.points.forEach((p) => L.circleMarker(p, { radius: 6, color, fillOpacity: 0.8 }).addTo(layer));
    layer.bindPopup(() => popup(o), { maxWidth: 280 });
    layer.addTo(o.state === "ahead" ? groups.ahead : groups.on);
  });
  const count = (state) => data.outages.filter((o) => (state === "ahead") === (o.state === "ahead")).length;
  L.control.layers(null, {
    [`<span style="color:${colours.on}">●</span> ${wanjiaText.escape(words.wordOn)} (${count("on")})`]: groups.on,
    [`<span style="color:${colours.ahead}">●</span> ${wanjiaText.escape(words.wordAhead)} (${count("ahead")})`]: groups.ahead,
  }, { collapsed: window.innerWidth < 576 }).addTo(map);
  const all = L.featureGroup([...groups.on.getLayers(), ...groups.ahead.getLayers()]);
  map.fitBounds(all.getBounds(), { padding: [20, 20], maxZoom: 14 });
  el.dataset.ready = "1";
})();
