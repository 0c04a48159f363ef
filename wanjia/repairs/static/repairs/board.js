// The board's map: station areas as outlines (works without tiles on an intranet), open orders as
// coloured points by time status; refreshed every minute.
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
      data.orders.forEach(o => {
        const m = L.circleMarker([o.lat, o.lon], {radius: 7, color: colours[o.status], fillOpacity: 0.8});
        m.bindPopup(wanjiaText.link(o.url, o.label)).addTo(points);
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
