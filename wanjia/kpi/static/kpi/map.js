// The map: tiles from the intranet tile server when configured; without tiles the unit boundaries are the
// background and the points still draw over them. A layer of many points (payment points) is clustered so
// it does not bury the others; every layer, the boundaries included, can be switched off in the control.
(function () {
  const el = document.getElementById("map");
  const layers = JSON.parse(document.getElementById("map-layers").textContent);
  // maxZoom: clustering needs one even when no tile layer sets it.
  const map = L.map(el, { preferCanvas: true, maxZoom: 18 });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  }
  // A layer's label in the control: its colour, its translated title and how many points it has.
  const label = (color, title, count) =>
    `<span style="color:${wanjiaText.escape(color)}">●</span> ${wanjiaText.escape(title)}` +
    (count === null ? "" : ` (${count})`);

  function dot(color) {  // a marker of a clustered layer (the cluster needs markers, not canvas circles)
    const el = document.createElement("span");
    el.className = "wj-map-dot";
    el.style.background = color;
    return L.divIcon({ html: el, className: "", iconSize: [12, 12] });
  }

  function clusterGroup(color) {
    return L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60, spiderfyOnMaxZoom: true,
      iconCreateFunction: (cluster) => {
        const badge = wanjiaText.node(String(cluster.getChildCount()));
        badge.className = "wj-map-cluster";
        badge.style.borderColor = color;
        return L.divIcon({ html: badge, className: "", iconSize: [30, 30] });
      },
    });
  }

  fetch(el.dataset.url, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    const maxDepth = Math.max(0, ...data.boundaries.features.map((f) => f.properties.depth));
    const boundaries = L.geoJSON(data.boundaries, {
      style: (f) => ({ color: "#6c757d", weight: f.properties.depth === maxDepth ? 1 : 2,
                       fillColor: "#dee2e6", fillOpacity: f.properties.depth === maxDepth ? 0.25 : 0 }),
      onEachFeature: (f, layer) => layer.bindTooltip(wanjiaText.node(f.properties.name)),
    }).addTo(map);
    const overlays = { [label("#6c757d", el.dataset.boundaries, null)]: boundaries };
    layers.forEach((meta) => {
      const points = data.layers[meta.code] || [];
      const group = meta.cluster && L.markerClusterGroup ? clusterGroup(meta.color) : L.layerGroup();
      const markers = points.map((p) => {
        const marker = meta.cluster
          ? L.marker([p.lat, p.lon], { icon: dot(meta.color) })
          : L.circleMarker([p.lat, p.lon], { radius: 6, color: meta.color, fillOpacity: 0.8 });
        const title = wanjiaText.node("strong", p.url ? wanjiaText.link(p.url, p.label) : p.label);
        return marker.bindPopup(() => wanjiaText.node("div", title, document.createElement("br"), p.popup || ""));
      });
      if (group.addLayers) group.addLayers(markers); else markers.forEach((m) => group.addLayer(m));
      group.addTo(map);
      overlays[label(meta.color, meta.title, points.length)] = group;
    });
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 576 }).addTo(map);
    if (boundaries.getLayers().length) map.fitBounds(boundaries.getBounds());
    else map.setView([30, 105], 5);
    el.dataset.ready = "1";
  });
})();
