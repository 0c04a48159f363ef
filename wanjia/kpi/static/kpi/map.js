// The map: tiles from the intranet tile server when configured; without tiles the unit boundaries are the
// background and the points still draw over them.
(function () {
  const el = document.getElementById("map");
  const layers = JSON.parse(document.getElementById("map-layers").textContent);
  const map = L.map(el, { preferCanvas: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  }
  fetch(el.dataset.url, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    const maxDepth = Math.max(0, ...data.boundaries.features.map((f) => f.properties.depth));
    const boundaries = L.geoJSON(data.boundaries, {
      style: (f) => ({ color: "#6c757d", weight: f.properties.depth === maxDepth ? 1 : 2,
                       fillColor: "#dee2e6", fillOpacity: f.properties.depth === maxDepth ? 0.25 : 0 }),
      onEachFeature: (f, layer) => layer.bindTooltip(wanjiaText.node(f.properties.name)),
    }).addTo(map);
    const overlays = {};
    layers.forEach((meta) => {
      const group = L.layerGroup();
      (data.layers[meta.code] || []).forEach((p) => {
        const marker = L.circleMarker([p.lat, p.lon], { radius: 6, color: meta.color, fillOpacity: 0.8 });
        const title = wanjiaText.node("strong", p.url ? wanjiaText.link(p.url, p.label) : p.label);
        marker.bindPopup(wanjiaText.node("div", title, document.createElement("br"), p.popup || ""));
        group.addLayer(marker);
      });
      group.addTo(map);
      overlays[`<span style="color:${meta.color}">●</span> ${wanjiaText.escape(meta.title)} (${(data.layers[meta.code] || []).length})`] = group;
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (boundaries.getLayers().length) map.fitBounds(boundaries.getBounds());
    else map.setView([30, 105], 5);
    el.dataset.ready = "1";
  });
})();
