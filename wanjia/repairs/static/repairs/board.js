// The board's map: station areas as outlines (works without tiles on an intranet), open orders as
// coloured points by time status, green-channel customers larger with a thick green ring and drawn on top;
// refreshed every minute.
(function () {
  const el = document.getElementById("board-map");
  if (!el || !window.L) return;
  const map = L.map(el);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || ""}).addTo(map);
  const areas = L.layerGroup().addTo(map);
  const points = L.layerGroup().addTo(map);
  const colours = {on_time: "#198754", at_risk: "#ffc107", overdue: "#dc3545"};
  let fitted = false;
  function load() {
    fetch(el.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(data => {
      areas.clearLayers(); points.clearLayers();
      data.stations.forEach(s => L.geoJSON(s.boundary, {style: {color: "#6c757d", weight: 1, fillOpacity: 0.03}})
        .bindTooltip(wanjiaText.node(s.name)).addTo(areas));
      // Green-channel orders last, so they lie on top of the others at the same place.
      [...data.orders].sort((a, b) => Boolean(a.green) - Boolean(b.green)).forEach(o => {
        const m = o.green
          ? L.circleMarker([o.lat, o.lon], {radius: 10, weight: 4, color: "#0f5132", fillColor: colours[o.status],
                                            fillOpacity: 0.9})
          : L.circleMarker([o.lat, o.lon], {radius: 7, color: colours[o.status], fillOpacity: 0.8});
        const popup = wanjiaText.link(o.url, o.label);
        m.bindPopup(o.green ? wanjiaText.node("div", popup, wanjiaText.node("div", `${el.dataset.greenLabel} · ${o.green}`))
                            : popup).addTo(points);
      });
      if (!fitted) {
        const group = L.featureGroup([...areas.getLayers(), ...points.getLayers()]);
        if (group.getLayers().length) { map.fitBounds(group.getBounds()); fitted = true; }
        else map.setView([25, 102], 6);
      }
    });
  }
  load();
  setInterval(load, 60000);
})();
