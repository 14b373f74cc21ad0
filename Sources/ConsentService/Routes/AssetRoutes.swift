import HTTPLite

/// `GET /sdk/{file}` (the JS SDK and banner) and `GET /demo` (the demo page).
///
/// Caching: `/sdk/consent.js`, `/sdk/consent.mjs` and `/sdk/banner.js` are the names a site
/// writes down, so they are cached for 5 minutes (`public, max-age=300`) and revalidated with
/// a strong `ETag` (304 on `If-None-Match`). The same bytes under their content-hashed names
/// (`/sdk/consent.<16 hex>.js`, as linked by `/demo`) are `public, max-age=31536000, immutable`.
/// CORS is not set here: register these routes in a `.public` group so the CORS middleware adds
/// `Access-Control-Allow-Origin` (needed by `<script type="module">` / `import()` from other sites;
/// a classic `<script src>` needs none). `Cross-Origin-Resource-Policy: cross-origin` lets any
/// site embed the scripts. `/demo` is `no-cache` (revalidate every time).
enum AssetRoutes {
    /// `Cache-Control` for the stable names: 300 seconds.
    static let shortCacheControl = "public, max-age=300"
    /// `Cache-Control` for the content-hashed names: one year (31,536,000 seconds), immutable.
    static let immutableCacheControl = "public, max-age=31536000, immutable"
    /// Policy of the demo page: scripts from this origin plus its one inline script (by hash),
    /// API calls to this origin only, inline styles (the banner injects its stylesheet).
    static let demoContentSecurityPolicy =
        "default-src 'none'; script-src 'self' \(DemoPage.inlineScriptHashSource); style-src 'unsafe-inline'; "
        + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Adds `GET /sdk/{file}` and `GET /demo` (HEAD follows GET in the router). Every answer but the
    /// 404 is built once here and passed through `finish` (`CORSMiddleware.prepared(_:)` in the service).
    static func register(on router: inout Router, assets: AssetBundle = AssetBundle(),
                         finish: (HTTPResponse) -> HTTPResponse = { $0 }) {
        var files: [String: Prebuilt] = [:]
        for name in assets.fileNames {
            guard let (asset, lifetime) = assets.file(named: name) else { continue }
            let headers: HTTPHeaders = [
                "Cache-Control": lifetime == .immutable ? immutableCacheControl : shortCacheControl,
                "Cross-Origin-Resource-Policy": "cross-origin",
            ]
            files[name] = Prebuilt(asset, headers: headers, finish: finish)
        }
        let demo = Prebuilt(assets.demo, headers: [
            "Cache-Control": "no-cache",
            "Content-Security-Policy": demoContentSecurityPolicy,
            "Referrer-Policy": "no-referrer",
        ], finish: finish)
        router.add(.GET, "/sdk/{file}") { [files] request in
            guard let name = request.pathParameters["file"], let file = files[name] else { return .immediate(notFound()) }
            return .immediate(file.answer(request))
        }
        router.add(.GET, "/demo") { request in
            .immediate(demo.answer(request))
        }
    }

    /// One asset's 200 and 304 answers, built once.
    struct Prebuilt: Sendable {
        let asset: StaticAsset
        let ok: HTTPResponse
        let notModified: HTTPResponse

        /// - Parameter headers: the asset's own headers; `ETag`, `X-Content-Type-Options` and (on the 200)
        ///   `Content-Type` are added.
        init(_ asset: StaticAsset, headers: HTTPHeaders, finish: (HTTPResponse) -> HTTPResponse) {
            self.asset = asset
            var headers = headers
            headers.set("ETag", asset.entityTag)
            headers.set("X-Content-Type-Options", "nosniff")
            notModified = finish(HTTPResponse(status: .notModified, headers: headers))
            headers.set("Content-Type", asset.contentType)
            ok = finish(HTTPResponse(status: .ok, headers: headers, bytes: asset.bytes))
        }

        /// The 304 when the request's `If-None-Match` matches the asset, else the 200.
        func answer(_ request: HTTPRequest) -> HTTPResponse {
            if let condition = request.headers["If-None-Match"], asset.isMatched(byIfNoneMatch: condition) {
                return notModified
            }
            return ok
        }
    }

    /// RFC 9457 body for an unknown `/sdk/` name.
    private static func notFound() -> HTTPResponse {
        let body = #"{"type":"https://consent-service.dev/problems/not-found","title":"Not Found","#
            + #""status":404,"detail":"No such SDK file."}"#
        return HTTPResponse(status: .notFound, headers: ["Content-Type": "application/problem+json"],
                            bytes: Array(body.utf8))
    }
}
