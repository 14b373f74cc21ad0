/// The browser SDK served at `/sdk/consent.js` (classic script, sets `window.ConsentClient`)
/// and `/sdk/consent.mjs` (ES module, `export { ConsentClient }`). Dependency-free, no build step.
///
/// `body` is the one source of truth; `classicScript` and `moduleScript` only wrap it.
/// Contract (see README "Use it from a site"):
/// - `ConsentClient({endpoint, onChange?, cookieName?, cookieDays?, source?, locale?, noticeVersion?,
///   consentMode?, transport?})` → client with `categories()`, `catalogue()`, `getConsent()`, `save(choices)`,
///   `acceptAll()`, `rejectAll()`, `withdraw()`, `isAllowed(cookieName)`, `decide(names)`, `visitorId()`,
///   `gpc`, `state`, and an assignable `onChange`.
/// - The visitor id lives in a first-party cookie (`consent_vid`, itself essential; falls back to
///   `localStorage`). Choices go out as `text/plain` (no CORS preflight) with `fetch` `keepalive`,
///   or `navigator.sendBeacon` when fetch is missing or `transport: "beacon"`.
/// - Google Consent Mode v2: `default` (all denied but `security_storage`) when the client is built,
///   `update` after each choice, only when `gtag` or `dataLayer` exists on the page.
enum ConsentSDK {
    /// The shared implementation: defines `ConsentClient` in the enclosing scope.
    static let body: String = #"""
const CONSENT_CATEGORIES = ["essential", "functionality", "analytics", "targeting"];
const CONSENT_OPTIONAL = ["functionality", "analytics", "targeting"];
const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

function consentModeSignals(choices) {
  const g = (on) => (on ? "granted" : "denied");
  return {
    ad_storage: g(choices.targeting),
    ad_user_data: g(choices.targeting),
    ad_personalization: g(choices.targeting),
    analytics_storage: g(choices.analytics),
    functionality_storage: g(choices.functionality),
    personalization_storage: g(choices.functionality),
    security_storage: "granted"
  };
}

function essentialOnly() {
  return { essential: true, functionality: false, analytics: false, targeting: false };
}

function newVisitorId() {
  const bytes = new Uint8Array(16);
  (globalThis.crypto || {}).getRandomValues
    ? globalThis.crypto.getRandomValues(bytes)
    : bytes.forEach((_, i) => { bytes[i] = Math.floor(Math.random() * 256); });
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let id = "";
  for (const b of bytes) id += alphabet[b & 63];
  return id + alphabet[bytes[0] >> 6] + alphabet[bytes[1] >> 6];
}

function patternToRegExp(name) {
  // "hc-{user_identifier}-preview" -> /^hc-.+-preview$/ ; everything else is literal.
  const parts = String(name).split(/\{[^}]*\}/);
  return new RegExp("^" + parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+") + "$");
}

function ConsentClient(options) {
  const opts = Object.assign({
    endpoint: "",
    cookieName: "consent_vid",
    cookieDays: 395,
    source: "sdk",
    consentMode: true,
    transport: "fetch"
  }, options || {});
  const base = String(opts.endpoint || "").replace(/\/+$/, "");
  const doc = typeof document !== "undefined" ? document : null;
  const nav = typeof navigator !== "undefined" ? navigator : {};
  let catalogueCache = null;
  let categoriesCache = null;

  const client = {
    /** True when the browser sends Global Privacy Control: targeting is never granted. */
    gpc: nav.globalPrivacyControl === true,
    /** The last known state ({state, choices, reconsentRequired, ...}); null before getConsent(). */
    state: null,
    onChange: typeof opts.onChange === "function" ? opts.onChange : null
  };

  // ---- visitor id: an essential first-party cookie, localStorage as fallback ----
  function readCookie(name) {
    if (!doc) return null;
    for (const part of doc.cookie.split(";")) {
      const [k, ...v] = part.trim().split("=");
      if (k === name) return decodeURIComponent(v.join("="));
    }
    return null;
  }
  function writeCookie(name, value, days) {
    if (!doc) return;
    const secure = typeof location !== "undefined" && location.protocol === "https:" ? "; Secure" : "";
    doc.cookie = name + "=" + encodeURIComponent(value) + "; Max-Age=" + Math.round(days * 86400) +
      "; Path=/; SameSite=Lax" + secure;
  }
  function storage() {
    try { return globalThis.localStorage || null; } catch (e) { return null; }
  }
  function storedVisitorId() {
    let id = readCookie(opts.cookieName);
    if (!id) { const s = storage(); id = s ? s.getItem(opts.cookieName) : null; }
    return id && VISITOR_ID_PATTERN.test(id) ? id : null;
  }
  function ensureVisitorId() {
    let id = storedVisitorId();
    if (!id) id = newVisitorId();
    writeCookie(opts.cookieName, id, opts.cookieDays);
    if (readCookie(opts.cookieName) !== id) {
      const s = storage();
      if (s) { try { s.setItem(opts.cookieName, id); } catch (e) { /* private mode: id lives for this page */ } }
    }
    return id;
  }

  // ---- Google Consent Mode v2 ----
  function gtagCall() {
    if (!opts.consentMode || typeof window === "undefined") return null;
    if (typeof window.gtag === "function") return window.gtag;
    if (Array.isArray(window.dataLayer)) return function () { window.dataLayer.push(arguments); };
    return null;
  }
  function emitConsentMode(kind, choices) {
    const g = gtagCall();
    if (!g) return;
    const signals = consentModeSignals(choices);
    if (kind === "default") signals.wait_for_update = 500;
    g("consent", kind, signals);
  }

  // ---- HTTP ----
  async function request(method, path, body, contentType) {
    const init = { method, mode: "cors", credentials: "omit", headers: {} };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = contentType || "text/plain;charset=UTF-8";
      init.keepalive = true;
    }
    const response = await fetch(base + path, init);
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      const error = new Error((json && (json.detail || json.title)) || ("HTTP " + response.status));
      error.status = response.status;
      error.problem = json;
      throw error;
    }
    return json;
  }

  function normalise(choices) {
    const out = essentialOnly();
    for (const c of CONSENT_OPTIONAL) out[c] = !!(choices && choices[c] === true);
    if (client.gpc) out.targeting = false;
    return out;
  }

  function setState(state) {
    const needsBanner = state.state !== "granted" || (state.reconsentRequired || []).length > 0;
    client.state = Object.assign({}, state, { needsBanner });
    if (typeof client.onChange === "function") {
      try { client.onChange(client.state); } catch (e) { /* a site's callback must not break consent */ }
    }
    return client.state;
  }

  function entriesFor(cookieName) {
    if (!catalogueCache) return [];
    return catalogueCache.cookies.filter((c) =>
      c.pattern ? patternToRegExp(c.name).test(cookieName) : c.name === cookieName);
  }
  function allowedUnder(choices, cookieName) {
    if (cookieName === opts.cookieName) return true;
    const entries = entriesFor(cookieName);
    return entries.length > 0 && entries.every((c) => c.category === "essential" || choices[c.category] === true);
  }

  // Deletes first-party cookies the catalogue declares in a category that is now refused.
  function purgeRefusedCookies(choices) {
    if (!doc || !catalogueCache) return;
    for (const part of doc.cookie.split(";")) {
      const name = part.trim().split("=")[0];
      if (!name || entriesFor(name).length === 0 || allowedUnder(choices, name)) continue;
      doc.cookie = name + "=; Max-Age=0; Path=/";
    }
  }

  /** The catalogue (`GET /v1/catalogue`), fetched once per client. */
  client.catalogue = async function () {
    if (!catalogueCache) catalogueCache = await request("GET", "/v1/catalogue");
    return catalogueCache;
  };

  /** Categories in banner order, each with its cookies (`GET /v1/categories`). */
  client.categories = async function () {
    if (!categoriesCache) {
      const answer = await request("GET", "/v1/categories");
      categoriesCache = answer;
      if (!catalogueCache) {
        const cookies = [];
        for (const c of answer.categories) for (const k of c.cookies || []) cookies.push(k);
        catalogueCache = { version: answer.version, categories: answer.categories, cookies };
      }
    }
    return categoriesCache.categories;
  };

  /** The visitor id, or null when none was stored yet (nothing is written before a choice). */
  client.visitorId = function () { return storedVisitorId(); };

  /** The visitor's effective state from the server; "default" without a network call when unknown. */
  client.getConsent = async function () {
    const id = storedVisitorId();
    if (!id) return setState({ state: "default", choices: essentialOnly(), reconsentRequired: [] });
    let state;
    try {
      state = await request("GET", "/v1/visitors/" + encodeURIComponent(id) + "/consent");
    } catch (e) {
      // Unknown or unreachable: nothing is granted, and the banner asks again.
      return setState({ state: "default", visitorId: id, choices: essentialOnly(), reconsentRequired: [],
        unavailable: true });
    }
    if (state.state === "granted") emitConsentMode("update", state.choices);
    return setState(state);
  };

  /** Records `choices` ({functionality, analytics, targeting}; missing = false). */
  client.save = async function (choices) {
    const normal = normalise(choices);
    const visitorId = ensureVisitorId();
    const payload = { visitorId, choices: {
      functionality: normal.functionality, analytics: normal.analytics, targeting: normal.targeting } };
    if (catalogueCache && catalogueCache.version) payload.catalogueVersion = catalogueCache.version;
    if (opts.noticeVersion) payload.noticeVersion = String(opts.noticeVersion);
    if (opts.locale || nav.language) payload.locale = String(opts.locale || nav.language).slice(0, 35);
    if (opts.source) payload.source = String(opts.source).slice(0, 64);
    emitConsentMode("update", normal);
    purgeRefusedCookies(normal);
    let record = null;
    if (opts.transport === "beacon" || typeof fetch !== "function") {
      const sent = nav.sendBeacon && nav.sendBeacon(base + "/v1/consents",
        new Blob([JSON.stringify(payload)], { type: "text/plain;charset=UTF-8" }));
      if (!sent) throw new Error("consent could not be sent");
    } else {
      try {
        record = await request("POST", "/v1/consents", payload);
      } catch (e) {
        // A catalogue version this service no longer knows (the page outlived a deploy): send without it.
        const stale = e.status === 422 && e.problem && (e.problem.errors || []).some((x) => x.pointer === "/catalogueVersion");
        if (!stale) throw e;
        delete payload.catalogueVersion;
        record = await request("POST", "/v1/consents", payload);
      }
    }
    const r = record || {};
    return setState({ state: "granted", visitorId, choices: r.choices || normal,
      recordedAt: r.recordedAt, expiresAt: r.expiresAt, consentId: r.consentId,
      catalogueVersion: r.catalogueVersion || payload.catalogueVersion,
      gpcApplied: r.gpcApplied, allowedCookies: r.allowedCookies, reconsentRequired: [] });
  };

  client.acceptAll = function () { return client.save({ functionality: true, analytics: true, targeting: true }); };
  client.rejectAll = function () { return client.save({ functionality: false, analytics: false, targeting: false }); };

  /** Withdraws consent (a withdrawal record); the banner is due again. */
  client.withdraw = async function () {
    const id = storedVisitorId();
    const choices = essentialOnly();
    emitConsentMode("update", choices);
    purgeRefusedCookies(choices);
    let record = {};
    if (id) record = (await request("DELETE", "/v1/visitors/" + encodeURIComponent(id) + "/consent")) || {};
    return setState({ state: "withdrawn", visitorId: id, choices, consentId: record.consentId,
      recordedAt: record.recordedAt, reconsentRequired: [] });
  };

  /** Whether `cookieName` may be set now: essential entries always, others by the current choices. */
  client.isAllowed = function (cookieName) {
    return allowedUnder((client.state && client.state.choices) || essentialOnly(), String(cookieName));
  };

  /** The server's decision for `names` (`POST /v1/decisions`) for this visitor. */
  client.decide = function (names) {
    const body = { cookies: Array.from(names || []).slice(0, 200).map(String) };
    const id = storedVisitorId();
    if (id) body.visitorId = id;
    else body.choices = { functionality: false, analytics: false, targeting: false };
    return request("POST", "/v1/decisions", body, "application/json");
  };

  emitConsentMode("default", essentialOnly());
  return client;
}

ConsentClient.categories = CONSENT_CATEGORIES;
ConsentClient.consentModeSignals = consentModeSignals;

"""#

    /// Classic `<script>`: sets `window.ConsentClient`, leaks nothing else.
    static let classicScript: String =
        "/*! consent-service SDK (classic script) */\n(function () {\n\"use strict\";\n" + body
        + "globalThis.ConsentClient = ConsentClient;\n})();\n"

    /// ES module: `import { ConsentClient } from ".../sdk/consent.mjs"`.
    static let moduleScript: String =
        "/*! consent-service SDK (ES module) */\n" + body
        + "export { ConsentClient, consentModeSignals };\nexport default ConsentClient;\n"
}
