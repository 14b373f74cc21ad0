/// The banner widget served at `/sdk/banner.js` (classic script, sets `window.ConsentBanner`).
///
/// `ConsentBanner.mount(client, {title?, text?, root?})` renders, from the API, a
/// non-modal `role="dialog"` with **Accept all** and **Reject all** of equal prominence (same
/// class, same size, side by side) and a **Customise** layer with one switch per category
/// (essential on and locked) and each category's cookies (name, purpose, lifetime, services).
/// When the server says `reconsentRequired`, only those categories are asked again. Elements
/// marked `data-consent-settings` / `data-consent-withdraw` reopen the banner / withdraw.
/// All API text is inserted with `textContent`, never as HTML.
enum ConsentBanner {
    /// The widget's source; relies on a `ConsentClient` instance passed to `mount`.
    static let body: String = #"""
const BANNER_STYLE = `
.cs-banner{position:fixed;left:1rem;right:1rem;bottom:1rem;max-width:46rem;margin:0 auto;z-index:2147483000;
 background:#fff;color:#1a1a1a;border:1px solid #767676;border-radius:.5rem;box-shadow:0 .5rem 2rem rgba(0,0,0,.25);
 font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:1.25rem;max-height:85vh;overflow:auto}
.cs-banner h2{font-size:1.2rem;margin:0 0 .5rem}
.cs-banner h2:focus{outline:none}
.cs-banner p{margin:0 0 1rem}
.cs-actions{display:flex;flex-wrap:wrap;gap:.75rem}
.cs-btn{flex:1 1 10rem;min-height:2.75rem;font:inherit;font-weight:600;border-radius:.35rem;cursor:pointer;
 padding:.5rem 1rem;border:2px solid #1d4ed8}
.cs-choice{background:#1d4ed8;color:#fff}
.cs-secondary{background:#fff;color:#1d4ed8}
.cs-btn:focus-visible,.cs-switch input:focus-visible,.cs-banner summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.cs-category{border:1px solid #d4d4d4;border-radius:.35rem;padding:.75rem;margin:0 0 .75rem}
.cs-category legend{font-weight:700;padding:0 .25rem}
.cs-switch{display:flex;align-items:center;gap:.5rem;font-weight:600}
.cs-switch input{width:1.25rem;height:1.25rem}
.cs-note{font-size:.875rem;color:#4a4a4a}
.cs-banner p.cs-status{margin:.5rem 0 0}
.cs-cookies{width:100%;border-collapse:collapse;font-size:.85rem;margin-top:.5rem}
.cs-cookies th,.cs-cookies td{text-align:left;border-top:1px solid #e5e5e5;padding:.25rem .35rem;vertical-align:top}
.cs-changed{color:#92400e;font-weight:600}
`;

const ConsentBanner = {
  mount(client, options) {
    const o = Object.assign({
      title: "Cookies on this site",
      text: "We use essential cookies to make this site work. With your permission we would also like to " +
        "set optional cookies to remember your preferences, measure use and show relevant advertising. " +
        "You can change your mind at any time.",
      root: null
    }, options || {});
    const widget = { element: null, open, close, withdraw, ready: null };
    let lastFocus = null;

    function el(tag, attrs, children) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (k === "text") node.textContent = v;
        else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
        else if (v === true) node.setAttribute(k, "");
        else if (v !== false && v != null) node.setAttribute(k, String(v));
      }
      for (const c of children || []) if (c) node.appendChild(c);
      return node;
    }

    function injectStyle() {
      if (document.getElementById("cs-style")) return;
      document.head.appendChild(el("style", { id: "cs-style", text: BANNER_STYLE }));
    }

    function close() {
      if (widget.element) widget.element.remove();
      widget.element = null;
      if (lastFocus && typeof lastFocus.focus === "function" && document.contains(lastFocus)) lastFocus.focus();
    }

    async function choose(action) {
      const buttons = widget.element ? widget.element.querySelectorAll("button") : [];
      buttons.forEach((b) => { b.disabled = true; });
      try {
        await action();
        close();
      } catch (e) {
        buttons.forEach((b) => { b.disabled = false; });
        const status = widget.element && widget.element.querySelector(".cs-status");
        if (status) status.textContent = "Your choice could not be saved. Please try again.";
      }
    }

    function cookieTable(category) {
      const rows = (category.cookies || []).map((c) => el("tr", {}, [
        el("td", {}, [el("code", { text: c.name })]),
        el("td", { text: c.purpose }),
        el("td", { text: (c.duration && c.duration.label) || (c.duration && c.duration.type) || "" }),
        el("td", { text: (c.services || []).join(", ") })
      ]));
      return el("details", {}, [
        el("summary", { text: "Cookies in this category (" + rows.length + ")" }),
        el("table", { class: "cs-cookies" }, [
          el("thead", {}, [el("tr", {}, ["Name", "Purpose", "Lifetime", "Services"].map((h) =>
            el("th", { scope: "col", text: h })))]),
          el("tbody", {}, rows)
        ])
      ]);
    }

    function frame(labelId, descId, children) {
      injectStyle();
      if (widget.element) widget.element.remove();
      else lastFocus = document.activeElement;
      const node = el("section", { class: "cs-banner", role: "dialog", "aria-modal": "false",
        "aria-labelledby": labelId, "aria-describedby": descId, "data-consent-banner": true }, children);
      node.appendChild(el("p", { class: "cs-status cs-note", role: "status", "aria-live": "polite" }));
      widget.element = node;
      (o.root || document.body).appendChild(node);
      const heading = node.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      return node;
    }

    function firstLayer() {
      frame("cs-title", "cs-text", [
        el("h2", { id: "cs-title", text: o.title }),
        el("p", { id: "cs-text", text: o.text }),
        el("div", { class: "cs-actions" }, [
          el("button", { type: "button", class: "cs-btn cs-choice", "data-action": "accept-all",
            text: "Accept all", onclick: () => choose(client.acceptAll) }),
          el("button", { type: "button", class: "cs-btn cs-choice", "data-action": "reject-all",
            text: "Reject all", onclick: () => choose(client.rejectAll) }),
          el("button", { type: "button", class: "cs-btn cs-secondary", "data-action": "customise",
            text: "Customise", onclick: () => customise(null) })
        ])
      ]);
    }

    // `only`: the category ids to ask about (re-consent); null = every category.
    async function customise(only) {
      const categories = await client.categories();
      const current = (client.state && client.state.choices) || {};
      const asked = categories.filter((c) => !only || only.includes(c.id) || c.required);
      const switches = {};
      const groups = asked.map((c) => {
        const id = "cs-switch-" + c.id;
        const input = el("input", { type: "checkbox", role: "switch", id, "data-category": c.id,
          "aria-describedby": id + "-desc" });
        // Re-asked categories start off: consent to the changed cookies must be a fresh, affirmative act.
        input.checked = c.required ? true : !only && current[c.id] === true;
        if (c.required) { input.disabled = true; input.setAttribute("aria-disabled", "true"); }
        if (c.id === "targeting" && client.gpc) { input.checked = false; input.disabled = true; }
        if (!c.required) switches[c.id] = input;
        const notes = [];
        if (c.required) notes.push(el("span", { class: "cs-note", text: " (always on)" }));
        if (only && !c.required) notes.push(el("span", { class: "cs-changed", text: " (changed since your last choice)" }));
        if (c.id === "targeting" && client.gpc)
          notes.push(el("span", { class: "cs-note", text: " (off: your browser sends Global Privacy Control)" }));
        return el("fieldset", { class: "cs-category", "data-category": c.id }, [
          el("legend", { text: c.name }),
          el("label", { class: "cs-switch", for: id }, [input, el("span", { text: c.name })].concat(notes)),
          el("p", { id: id + "-desc", class: "cs-note", text: c.description }),
          cookieTable(c)
        ]);
      });
      const values = (all) => {
        const choices = { functionality: current.functionality === true, analytics: current.analytics === true,
          targeting: current.targeting === true };
        for (const [k, input] of Object.entries(switches)) choices[k] = all === undefined ? input.checked : all;
        return choices;
      };
      const title = only ? "Our cookies changed" : "Choose your cookies";
      const text = only
        ? "Some cookies changed since you chose. Please choose again for: " +
          asked.filter((c) => !c.required).map((c) => c.name).join(", ") + "."
        : "Switch each category on or off. Essential cookies are needed for the site to work.";
      frame("cs-title", "cs-text", [
        el("h2", { id: "cs-title", text: title }),
        el("p", { id: "cs-text", text }),
        el("form", { onsubmit: (e) => { e.preventDefault(); choose(() => client.save(values())); } }, groups.concat([
          el("div", { class: "cs-actions" }, [
            el("button", { type: "button", class: "cs-btn cs-choice", "data-action": "accept-all",
              text: only ? "Accept" : "Accept all", onclick: () => choose(() => client.save(values(true))) }),
            el("button", { type: "button", class: "cs-btn cs-choice", "data-action": "reject-all",
              text: only ? "Reject" : "Reject all", onclick: () => choose(() => client.save(values(false))) }),
            el("button", { type: "submit", class: "cs-btn cs-secondary", "data-action": "save",
              text: "Save my choices" })
          ])
        ]))
      ]);
    }

    function open() {
      const s = client.state;
      if (s && s.state === "granted" && (s.reconsentRequired || []).length > 0) return customise(s.reconsentRequired);
      return firstLayer();
    }

    async function withdraw() {
      await client.withdraw();
      firstLayer();
    }

    document.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      if (target.closest("[data-consent-withdraw]")) { event.preventDefault(); withdraw(); }
      else if (target.closest("[data-consent-settings]")) { event.preventDefault(); customise(null); }
    });

    widget.ready = (async () => {
      if (document.readyState === "loading") {
        await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
      }
      await client.categories();
      const state = await client.getConsent();
      if (state.needsBanner) await open();
      return widget;
    })();
    return widget;
  }
};

"""#

    /// Classic `<script>`: sets `window.ConsentBanner`.
    static let classicScript: String =
        "/*! consent-service banner (classic script) */\n(function () {\n\"use strict\";\n" + body
        + "globalThis.ConsentBanner = ConsentBanner;\n})();\n"
}
