// The shell's behaviour on every page: busy state and one submit per click, confirmations, copy buttons,
// tables that scroll inside their own box on narrow screens, searchable pickers. Words come translated from #wanjia-strings.
(function () {
  "use strict";
  const words = JSON.parse(document.getElementById("wanjia-strings")?.textContent || "{}");

  function setBusy(form, submitter) {
    form.dataset.busy = "1";
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach((button) => {
      button.disabled = true;
    });
    const target = submitter && submitter.tagName === "BUTTON" ? submitter : null;
    if (target && !target.querySelector(".spinner-border")) {
      const spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm ms-1";
      spinner.setAttribute("role", "status");
      spinner.setAttribute("aria-label", words.busy || "…");
      target.appendChild(spinner);
    }
  }

  function clearBusy(form) {
    delete form.dataset.busy;
    form.removeAttribute("aria-busy");
    form.querySelectorAll(".spinner-border").forEach((spinner) => spinner.remove());
    form.querySelectorAll("button, input[type=submit]").forEach((button) => { button.disabled = false; });
  }

  // Ask before destructive actions: <form data-confirm="..."> or <button data-confirm="...">.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const question = event.submitter?.dataset.confirm || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // HTMX forms get their busy state from the htmx events below; GET forms (filters) are harmless to repeat.
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get") || (form.method || "get").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.busy) {  // a second tap while the first is on its way: drop it
      event.preventDefault();
      return;
    }
    // After the event: disabling the clicked button now would drop its name=value from the submission.
    setTimeout(() => setBusy(form, event.submitter), 0);
  }, false);

  // Coming back with the browser's Back button restores the page as it was left: busy. Undo that.
  window.addEventListener("pageshow", () => document.querySelectorAll("form[data-busy]").forEach(clearBusy));

  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    const form = elt.tagName === "FORM" ? elt : null;
    if (form) {
      if (form.dataset.busy) { event.preventDefault(); return; }
      setBusy(form, event.detail.requestConfig?.triggeringEvent?.submitter);
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt;
    if (elt.tagName === "FORM" && elt.isConnected) clearBusy(elt);
  });

  // <button data-copy="text"> copies the text and says so.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const done = () => {
      const label = button.querySelector(".wj-copy-label");
      if (label) { label.textContent = words.copied || "✓"; setTimeout(() => { label.textContent = words.copy || ""; }, 2000); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(button.dataset.copy).then(done, () => {});
    } else {  // plain-http intranet hosts have no clipboard API: select and copy the old way
      const area = document.createElement("textarea");
      area.value = button.dataset.copy;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    }
  });

  // A strip that scrolls sideways fades at its right edge while there is more to see (.wj-more).
  function markMore(strip) {
    strip.classList.toggle("wj-more", strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 2);
  }
  document.querySelectorAll(".wj-scroll-x").forEach((strip) => {
    markMore(strip);
    strip.addEventListener("scroll", () => markMore(strip), { passive: true });
    window.addEventListener("resize", () => markMore(strip));
  });

  // Wide tables scroll inside their own box instead of widening the page.
  function wrapTables(root) {
    root.querySelectorAll("table.table").forEach((table) => {
      if (table.closest(".table-responsive")) return;
      const box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  wrapTables(document);
  document.addEventListener("htmx:afterSettle", (event) => wrapTables(event.detail.elt));

  // Searchable pickers (Tom Select) on the controls the server marks: <select data-picker> searches its own
  // options (units, staff, crews); <input data-picker="customers" data-picker-url> asks the server, which
  // searches the user's scope (the customer register is far too large to list). Every string drawn is data:
  // the render functions escape it with Tom Select's own `escape`.
  const customerRender = {
    option: (d, escape) => `<div><span class="fw-semibold">${escape(d.name || "")}</span> <span class="text-body-secondary">${escape(d.value)}</span>` +
      `<div class="small text-body-secondary">${escape(d.address || "")}${d.phone ? " · " + escape(d.phone) : ""}</div></div>`,
    item: (d, escape) => `<div>${d.name ? escape(d.name) + " · " : ""}${escape(d.value)}</div>`,
  };

  function customerSettings(el) {
    let found = new Set();  // values of the latest answer: earlier answers' options must not linger
    return {
      valueField: "value", labelField: "value", searchField: ["value", "name"], maxItems: 1, create: false,
      loadThrottle: 250,
      shouldLoad: (query) => query.trim().length > 0,
      score: () => (item) => (found.has(item.value) ? 1 : 0),
      load(query, callback) {
        const url = new URL(el.dataset.pickerUrl, window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : { results: [] }))
          .then((data) => { found = new Set(data.results.map((r) => r.value)); callback(data.results); })
          .catch(() => callback());
      },
      render: customerRender,
    };
  }

  function initPickers(root) {
    if (!window.TomSelect) return;
    root.querySelectorAll("select[data-picker], input[data-picker]").forEach((el) => {
      if (el.tomselect) return;
      const remote = el.dataset.picker === "customers";
      const plugins = {};
      if (el.multiple) plugins.remove_button = { title: words.remove || "×" };
      else if (!el.required && !remote) plugins.clear_button = { title: words.clear || "×" };
      const settings = Object.assign({
        plugins, maxOptions: null, dropdownParent: "body", allowEmptyOption: false,
        placeholder: el.getAttribute("placeholder") || words.pick || "",
        render: {},
      }, remote ? customerSettings(el) : {});
      settings.render.no_results = (d, escape) => `<div class="no-results">${escape(words.no_results || "")}</div>`;
      const picker = new window.TomSelect(el, settings);
      if (el.required) picker.control_input.setAttribute("aria-required", "true");
    });
  }
  initPickers(document);
  document.addEventListener("htmx:load", (event) => initPickers(event.detail.elt));
})();
