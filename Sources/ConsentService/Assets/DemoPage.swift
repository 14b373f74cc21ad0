import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The demo page served at `/demo`: the banner running against this service, plus the few
/// lines a site adds to use it. `{{SDK_URL}}` and `{{BANNER_URL}}` are replaced by the
/// content-hashed asset paths when the routes are built (see `AssetRoutes`), and
/// `{{INLINE_SCRIPT}}` by `inlineScript`, whose SHA-256 the page's CSP allows (no `unsafe-inline`).
enum DemoPage {
    static let template: String = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>consent-service demo</title>
<style>
 body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
 pre{background:#f4f4f5;padding:1rem;overflow:auto;border-radius:.35rem}
 a{color:#1d4ed8}
 #consent-state{font-family:ui-monospace,monospace;background:#f4f4f5;padding:.5rem;border-radius:.35rem}
</style>
</head>
<body>
<header><h1>consent-service demo</h1></header>
<main>
<p>This page uses the consent-service SDK and banner. No optional cookie is set until you choose.</p>
<h2>Your choice</h2>
<p id="consent-state" aria-live="polite">Loading…</p>
<p><a href="#" data-consent-settings>Cookie settings</a> · <a href="#" data-consent-withdraw>Withdraw my consent</a></p>
<h2>Add it to a site</h2>
<p>Load the SDK and the banner from this service, then mount it (replace the origin with your service's):</p>
<pre><code id="integration-snippet"></code></pre>
<p>Without the banner, use the client directly: <code>await consent.acceptAll()</code>,
<code>consent.rejectAll()</code>, <code>consent.save({analytics: true})</code>, <code>consent.withdraw()</code>,
<code>consent.isAllowed("_ga")</code>, <code>consent.decide(["_ga", "_gid"])</code>.
As an ES module: <code>import { ConsentClient } from "ORIGIN/sdk/consent.mjs"</code>.</p>
</main>
<script src="{{SDK_URL}}"></script>
<script src="{{BANNER_URL}}"></script>
<script>{{INLINE_SCRIPT}}</script>
</body>
</html>

"""#

    /// The page's one inline script: shows the integration lines and mounts the banner.
    static let inlineScript: String = #"""

(function () {
  var origin = location.origin;
  document.getElementById("integration-snippet").textContent =
    '<script src="' + origin + '/sdk/consent.js"></scr' + 'ipt>\n' +
    '<script src="' + origin + '/sdk/banner.js"></scr' + 'ipt>\n' +
    '<script>\n' +
    '  const consent = ConsentClient({ endpoint: "' + origin + '" });\n' +
    '  ConsentBanner.mount(consent);\n' +
    '</scr' + 'ipt>';
  var out = document.getElementById("consent-state");
  var consent = ConsentClient({
    endpoint: "",
    source: "demo",
    onChange: function (s) {
      var on = ["functionality", "analytics", "targeting"].filter(function (c) { return s.choices[c]; });
      out.textContent = s.state + (s.state === "granted" ? ": essential" + (on.length ? ", " + on.join(", ") : " only") : "");
    }
  });
  ConsentBanner.mount(consent).ready.catch(function () { out.textContent = "The consent service is unavailable."; });
})();

"""#

    /// The `script-src` source that allows exactly `inlineScript` (CSP3 hash-source).
    static var inlineScriptHashSource: String {
        "'sha256-" + Data(SHA256.hash(Array(inlineScript.utf8))).base64EncodedString() + "'"
    }

    /// The page with its asset URLs and inline script filled in.
    static func render(sdkURL: String, bannerURL: String) -> String {
        template
            .replacing("{{SDK_URL}}", with: sdkURL)
            .replacing("{{BANNER_URL}}", with: bannerURL)
            .replacing("{{INLINE_SCRIPT}}", with: inlineScript)
    }
}
