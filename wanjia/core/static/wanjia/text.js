// The one rule for stored text in script-built HTML: every string from the server is hostile. Hand chart
// tooltips and map tooltips/popups a DOM node built with textContent (`wanjiaText.node`); where a library only
// takes an HTML string (Leaflet's layer control labels), escape it (`wanjiaText.escape`).
window.wanjiaText = (function () {
  const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const escape = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => entities[c]);
  // node("text") → <span>text</span>; node("b", "text") uses another tag; children may be nodes or strings.
  function node(tagOrText, ...children) {
    const el = document.createElement(children.length ? tagOrText : "span");
    (children.length ? children : [tagOrText]).forEach((c) => {
      el.append(c instanceof Node ? c : String(c == null ? "" : c));
    });
    return el;
  }
  // A link whose text and address are both data; only http(s) and same-site addresses are followed.
  function link(href, text) {
    const a = node("a", text);
    const url = new URL(String(href), window.location.href);
    if (url.protocol === "http:" || url.protocol === "https:") a.href = url.href;
    return a;
  }
  return { escape, node, link };
})();
