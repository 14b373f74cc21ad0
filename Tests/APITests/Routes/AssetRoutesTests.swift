import ConsentDomain
import Foundation
import Testing
@testable import ConsentService
@testable import HTTPLite

@Suite struct AssetRoutesTests {
    let assets = AssetBundle()

    func router() -> Router {
        var router = Router()
        AssetRoutes.register(on: &router, assets: assets)
        return router
    }

    func get(_ target: String, headers: HTTPHeaders = [:]) async -> HTTPResponse? {
        let request = HTTPRequest(method: .GET, target: target, headers: headers)
        guard case .matched(let route, let matched) = router().resolve(request) else { return nil }
        return await route.handle(matched).resolve()
    }

    func bodyBytes(_ response: HTTPResponse?) -> [UInt8] {
        guard case .bytes(let bytes)? = response?.body else { return [] }
        return bytes
    }

    /// `/sdk/consent.js` is JavaScript with a short cache lifetime and the content hash as its ETag.
    @Test func stableSDKName_isShortLivedJavaScriptWithContentETag() async {
        let response = await get("/sdk/consent.js")
        #expect(response?.status == .ok)
        #expect(response?.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(response?.headers["Cache-Control"] == "public, max-age=300")
        #expect(response?.headers["ETag"] == "\"\(assets.sdk.hash)\"")
        #expect(bodyBytes(response) == Array(ConsentSDK.classicScript.utf8))
    }

    /// The content-hashed name serves the same bytes, cacheable for a year and immutable.
    @Test func hashedSDKName_isImmutableForAYear() async {
        let response = await get(assets.hashedSDKPath)
        #expect(response?.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(bodyBytes(response) == assets.sdk.bytes)
    }

    /// A hash that is not the current one is not served (an old URL must not get new bytes).
    @Test func staleHashedName_isNotFound() async {
        let response = await get("/sdk/consent.0000000000000000.js")
        #expect(response?.status == .notFound)
        #expect(response?.headers["Content-Type"] == "application/problem+json")
    }

    /// A matching `If-None-Match` gets 304 with the ETag and no body.
    @Test func matchingIfNoneMatch_answers304WithoutBody() async {
        let response = await get("/sdk/banner.js", headers: ["If-None-Match": "\"x\", W/\(assets.banner.entityTag)"])
        #expect(response?.status == .notModified)
        #expect(response?.headers["ETag"] == assets.banner.entityTag)
        #expect(bodyBytes(response).isEmpty)
    }

    /// A different `If-None-Match` gets the full script.
    @Test func differentIfNoneMatch_answers200() async {
        let response = await get("/sdk/banner.js", headers: ["If-None-Match": "\"0123456789abcdef\""])
        #expect(response?.status == .ok)
        #expect(bodyBytes(response) == assets.banner.bytes)
    }

    /// Scripts may be embedded by any site; CORS itself is left to the public route group's middleware.
    @Test func scripts_allowCrossOriginEmbeddingAndLeaveCORSToTheMiddleware() async {
        let response = await get("/sdk/consent.mjs")
        #expect(response?.headers["Cross-Origin-Resource-Policy"] == "cross-origin")
        #expect(response?.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// Through the service (CORS `*`), the scripts, the demo page and their 304s are prebuilt with the
    /// CORS headers exactly once and their heads prepared; an unknown name is still a 404 with CORS.
    @Test func throughTheService_assetsArePreparedWithCORSOnce() async {
        let handler = CatalogueRoutesTests.handler()
        for target in ["/sdk/consent.js", "/sdk/consent.mjs", "/sdk/banner.js", assets.hashedSDKPath, "/demo"] {
            let ok = await handler.respond(HTTPRequest(method: .GET, target: target))
            #expect(ok.status == .ok)
            #expect(ok.isPrepared)
            #expect(ok.headers.values(for: "Access-Control-Allow-Origin") == ["*"])
            let etag = ok.headers["ETag"] ?? ""
            let notModified = await handler.respond(HTTPRequest(method: .GET, target: target, headers: ["If-None-Match": etag]))
            #expect(notModified.status == .notModified)
            #expect(notModified.isPrepared)
            #expect(notModified.headers.values(for: "Access-Control-Allow-Origin") == ["*"])
        }
        let missing = await handler.respond(HTTPRequest(method: .GET, target: "/sdk/nope.js"))
        #expect(missing.status == .notFound)
        #expect(missing.headers.values(for: "Access-Control-Allow-Origin") == ["*"])
    }

    /// The classic script sets the global and has no `export`; the module exports and sets no global.
    @Test func classicAndModuleBuilds_differOnlyInHowTheyExpose() {
        #expect(ConsentSDK.classicScript.contains("globalThis.ConsentClient = ConsentClient;"))
        #expect(!ConsentSDK.classicScript.contains("export "))
        #expect(ConsentSDK.moduleScript.contains("export { ConsentClient"))
        #expect(!ConsentSDK.moduleScript.contains("globalThis.ConsentClient ="))
        #expect(ConsentSDK.classicScript.contains(ConsentSDK.body) && ConsentSDK.moduleScript.contains(ConsentSDK.body))
    }

    /// `/demo` is HTML that links the hashed SDK and banner, is revalidated, and has a CSP.
    @Test func demoPage_linksTheHashedAssets() async {
        let response = await get("/demo")
        let html = String(decoding: bodyBytes(response), as: UTF8.self)
        #expect(response?.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response?.headers["Cache-Control"] == "no-cache")
        #expect(response?.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
        #expect(html.contains("src=\"/sdk/consent.\(assets.sdk.hash).js\""))
        #expect(html.contains("src=\"/sdk/banner.\(assets.banner.hash).js\""))
        #expect(!html.contains("{{"))
    }

    /// The demo's CSP allows its inline script by hash, and that hash is of the script actually in the page.
    @Test func demoPage_cspHashMatchesTheInlineScriptInThePage() async {
        let response = await get("/demo")
        let html = String(decoding: bodyBytes(response), as: UTF8.self)
        guard let open = html.range(of: "\n<script>", options: .backwards),
              let close = html.range(of: "</script>", range: open.upperBound..<html.endIndex) else {
            Issue.record("no inline script in the demo page"); return
        }
        let script = Array(html[open.upperBound..<close.lowerBound].utf8)
        let source = "'sha256-" + Data(SHA256.hash(script)).base64EncodedString() + "'"
        #expect(response?.headers["Content-Security-Policy"]?.contains("script-src 'self' \(source);") == true)
        let scriptSources = response?.headers["Content-Security-Policy"]?.split(separator: ";")
            .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("script-src") }
        #expect(scriptSources?.contains("unsafe-inline") == false)
    }

    /// Unknown names under `/sdk/` are a 404 problem, not a crash or an empty 200.
    @Test func unknownSDKFile_isNotFoundProblem() async {
        let response = await get("/sdk/consent.js.map")
        #expect(response?.status == .notFound)
        #expect(String(decoding: bodyBytes(response), as: UTF8.self).contains("\"status\":404"))
    }
}

@Suite struct StaticAssetTests {
    /// The hash is 16 hex digits of SHA-256 and changes with the bytes.
    @Test func hash_followsTheContent() {
        let a = StaticAsset(text: "a", contentType: "text/plain")
        let b = StaticAsset(text: "b", contentType: "text/plain")
        #expect(a.hash == "ca978112ca1bbdca")
        #expect(a.hash != b.hash)
    }

    /// `If-None-Match: *` and weak forms of our tag match; other tags do not (RFC 9110 §13.1.2).
    @Test func ifNoneMatch_usesWeakComparison() {
        let asset = StaticAsset(text: "a", contentType: "text/plain")
        #expect(asset.isMatched(byIfNoneMatch: "*"))
        #expect(asset.isMatched(byIfNoneMatch: "W/\"ca978112ca1bbdca\""))
        #expect(asset.isMatched(byIfNoneMatch: "\"zz\" , \"ca978112ca1bbdca\""))
        #expect(!asset.isMatched(byIfNoneMatch: "\"ca978112ca1bbdcb\""))
        #expect(!asset.isMatched(byIfNoneMatch: ""))
    }
}
