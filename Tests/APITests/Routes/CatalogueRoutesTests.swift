import ConsentDomain
import Foundation
import HTTPLite
import Testing
@testable import ConsentService

@Suite struct CatalogueRoutesTests {
    static let catalogue = CatalogueFixture.catalogue
    static let etag = "\"\(CatalogueFixture.catalogue.version)\""
    static let endpoints = ["/v1/catalogue", "/v1/categories", "/v1/cookies", "/v1/cookies/analytics-ga",
                            "/v1/cookies?category=analytics"]

    /// The full service handler (standard route groups) serving the fixture catalogue.
    static func handler(corsOrigins: [String] = ["*"]) -> AppHandler {
        let metrics = MetricsRegistry(version: "test")
        let context = ServiceContext(configuration: ServiceFixtures.configuration(corsOrigins: corsOrigins), catalogue: catalogue, log: ServiceFixtures.temporaryLog(),
                                     clock: ServiceFixtures.FixedClock(), metrics: metrics,
                                     logger: Logger(label: "test", sink: Logger.discard))
        return AppHandler(table: RouteTable(context: context), metrics: metrics, accessLog: AccessLogMiddleware(sink: nil))
    }

    func get(_ target: String, headers: HTTPHeaders = [:], method: HTTPMethod = .GET) async -> HTTPResponse {
        await Self.handler().respond(ServiceFixtures.request(method, target, headers: headers))
    }

    func bytes(_ response: HTTPResponse) -> [UInt8] {
        guard case .bytes(let bytes) = response.body else { return [] }
        return bytes
    }

    /// The ids listed by `GET target`, in order.
    func ids(_ target: String) async -> [String] {
        let body = CatalogueFixture.object(bytes(await get(target)))
        return CatalogueFixture.objects(body["cookies"]).compactMap { $0["id"] as? String }
    }

    func problem(_ response: HTTPResponse) -> [String: Any] {
        CatalogueFixture.object(bytes(response))
    }

    // MARK: Endpoints

    /// `GET /v1/catalogue` is 200 JSON with the prebuilt body, a strong ETag and a 5-minute public cache.
    @Test func catalogue_isJSONWithETagAndCacheControl() async {
        let response = await get("/v1/catalogue")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["ETag"] == Self.etag)
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(bytes(response) == CatalogueWire.catalogueBody(Self.catalogue))
    }

    /// With CORS `*` the prebuilt answers (200s and the 304) carry their head serialised once, CORS
    /// headers included exactly once; a filtered list (unless it is the 304) is built per request and
    /// gets them per request.
    @Test(arguments: ["/v1/catalogue", "/v1/categories", "/v1/cookies", "/v1/cookies/analytics-ga", "/v1/cookies?category=analytics"])
    func anyOriginAnswers_arePreparedWithCORSHeadersOnce(target: String) async {
        let handler = Self.handler()
        for headers: HTTPHeaders in [["Origin": "https://shop.example"], ["Origin": "https://shop.example", "If-None-Match": Self.etag]] {
            let response = await handler.respond(ServiceFixtures.request(.GET, target, headers: headers))
            #expect(response.headers.values(for: "Access-Control-Allow-Origin") == ["*"])
            #expect(response.headers.values(for: "Access-Control-Expose-Headers") == [CORSMiddleware.exposedHeaders])
            #expect(response.isPrepared == (response.status == .notModified || !target.contains("?")))
        }
    }

    /// With an allow-list the CORS headers depend on `Origin`, so nothing is prepared and each answer
    /// echoes an allowed origin (with `Vary: Origin`) or has no `Access-Control-Allow-Origin` at all.
    @Test func allowListAnswers_dependOnOrigin() async {
        let handler = Self.handler(corsOrigins: ["https://shop.example"])
        let allowed = await handler.respond(ServiceFixtures.request(.GET, "/v1/catalogue", headers: ["Origin": "https://shop.example"]))
        #expect(!allowed.isPrepared)
        #expect(allowed.headers.values(for: "Access-Control-Allow-Origin") == ["https://shop.example"])
        #expect(allowed.headers["Vary"] == "Origin")
        let other = await handler.respond(ServiceFixtures.request(.GET, "/v1/catalogue", headers: ["Origin": "https://evil.example"]))
        #expect(other.headers["Access-Control-Allow-Origin"] == nil)
        #expect(other.headers["Vary"] == "Origin")
    }

    /// Two requests for the catalogue share one body buffer (serialised once, not per request).
    @Test func catalogue_sharesOneBodyBufferAcrossRequests() async {
        let handler = Self.handler()
        let first = bytes(await handler.respond(ServiceFixtures.request(.GET, "/v1/catalogue")))
        let second = bytes(await handler.respond(ServiceFixtures.request(.GET, "/v1/catalogue")))
        let a = first.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let b = second.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        #expect(a == b && a != 0)
    }

    /// `GET /v1/categories` is 200 with the categories body and the same validators.
    @Test func categories_isJSONWithETag() async {
        let response = await get("/v1/categories")
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] == Self.etag)
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(bytes(response) == CatalogueWire.categoriesBody(Self.catalogue))
    }

    /// `GET /v1/cookies` without filters lists every cookie with its count.
    @Test func cookies_withoutFilters_listsEveryCookie() async {
        let response = await get("/v1/cookies")
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] == Self.etag)
        let body = CatalogueFixture.object(bytes(response))
        #expect(body["count"] as? Int == 4)
        #expect(body["version"] as? String == Self.catalogue.version)
    }

    /// `GET /v1/cookies/{id}` answers that cookie.
    @Test func cookieByID_answersThatCookie() async {
        let response = await get("/v1/cookies/guide-hc-preview")
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] == Self.etag)
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(CatalogueFixture.object(bytes(response))["id"] as? String == "guide-hc-preview")
    }

    /// An unknown cookie id is a 404 problem.
    @Test func unknownCookieID_isNotFoundProblem() async {
        let response = await get("/v1/cookies/no-such-cookie")
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(problem(response)["type"] as? String == "https://consent-service.dev/problems/not-found")
    }

    /// An id outside the id syntax is a 400 problem naming `id`.
    @Test func malformedCookieID_isBadRequestNamingID() async {
        let response = await get("/v1/cookies/-starts-with-dash")
        #expect(response.status == .badRequest)
        #expect((problem(response)["detail"] as? String)?.hasPrefix("id:") == true)
    }

    /// HEAD answers like GET (the server drops the body on the wire).
    @Test(arguments: ["/v1/catalogue", "/v1/categories", "/v1/cookies", "/v1/cookies/ads-token"])
    func head_answersLikeGet(_ path: String) async {
        let head = await get(path, method: .HEAD)
        let full = await get(path)
        #expect(head.status == .ok)
        #expect(head.headers == full.headers)
    }

    /// A method the catalogue does not serve is 405 with `Allow`.
    @Test func post_isMethodNotAllowedWithAllow() async {
        let response = await get("/v1/catalogue", method: .POST)
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    // MARK: Filters

    /// `category` keeps that category.
    @Test func categoryFilter_keepsThatCategory() async {
        #expect(await ids("/v1/cookies?category=analytics") == ["analytics-ga"])
    }

    /// `category` accepts repeats and commas (OR) and ignores case.
    @Test func categoryFilter_acceptsRepeatsCommasAndAnyCase() async {
        let expected = ["support-zendesk-session", "analytics-ga"]
        #expect(await ids("/v1/cookies?category=essential&category=analytics") == expected)
        #expect(await ids("/v1/cookies?category=essential,analytics") == expected)
        #expect(await ids("/v1/cookies?category=ESSENTIAL&category=Analytics") == expected)
    }

    /// `service` matches any of a cookie's services ignoring case; several values are alternatives.
    @Test func serviceFilter_matchesAnyServiceIgnoringCase() async {
        #expect(await ids("/v1/cookies?service=support") == ["support-zendesk-session", "analytics-ga"])
        #expect(await ids("/v1/cookies?service=Google%20Analytics") == ["analytics-ga"])
        #expect(await ids("/v1/cookies?service=Guide&service=Ads") == ["guide-hc-preview", "ads-token"])
    }

    /// An empty `service` names no service: alone it selects nothing, beside another it is ignored.
    @Test func emptyServiceFilter_selectsNothing() async {
        let response = await get("/v1/cookies?service=")
        #expect(response.status == .ok)
        #expect(CatalogueFixture.object(bytes(response))["count"] as? Int == 0)
        #expect(await ids("/v1/cookies?service=%20&service=Ads") == ["ads-token"])
    }

    /// `duration` keeps that kind.
    @Test(arguments: [("session", "support-zendesk-session"), ("persistent", "guide-hc-preview,analytics-ga"),
                      ("until-replaced", "ads-token")])
    func durationFilter_keepsThatKind(_ kind: String, _ expected: String) async {
        #expect(await ids("/v1/cookies?duration=\(kind)") == expected.split(separator: ",").map(String.init))
    }

    /// `minAge` is inclusive, excludes session cookies and includes until-replaced ones.
    @Test func minAge_isInclusiveAndCountsUntilReplacedAsUnbounded() async {
        #expect(await ids("/v1/cookies?minAge=P1D") == ["guide-hc-preview", "analytics-ga", "ads-token"])
        #expect(await ids("/v1/cookies?minAge=PT86401S") == ["analytics-ga", "ads-token"])
        #expect(await ids("/v1/cookies?minAge=P0D") == ["support-zendesk-session", "guide-hc-preview", "analytics-ga", "ads-token"])
    }

    /// `maxAge` is inclusive, includes session cookies and excludes until-replaced ones.
    @Test func maxAge_isInclusiveAndCountsSessionAsShortest() async {
        #expect(await ids("/v1/cookies?maxAge=P1D") == ["support-zendesk-session", "guide-hc-preview"])
        #expect(await ids("/v1/cookies?maxAge=PT86399S") == ["support-zendesk-session"])
        #expect(await ids("/v1/cookies?maxAge=P2Y") == ["support-zendesk-session", "guide-hc-preview", "analytics-ga"])
    }

    /// Filters combine with AND.
    @Test func filters_combineWithAnd() async {
        #expect(await ids("/v1/cookies?service=Support&duration=persistent") == ["analytics-ga"])
        #expect(await ids("/v1/cookies?category=functionality,analytics&maxAge=P1Y") == ["guide-hc-preview"])
        #expect(await ids("/v1/cookies?minAge=P1D&maxAge=P2Y&service=support") == ["analytics-ga"])
        #expect(await ids("/v1/cookies?category=essential&duration=persistent") == [])
    }

    /// A filtered list reports its own count.
    @Test func filteredList_countsItsCookies() async {
        let body = CatalogueFixture.object(bytes(await get("/v1/cookies?duration=persistent")))
        #expect(body["count"] as? Int == 2)
        #expect(Set(body.keys) == ["version", "count", "cookies"])
    }

    /// `minAge` longer than `maxAge` is an empty range: 200 with no cookies.
    @Test func invertedAgeRange_selectsNothing() async {
        let response = await get("/v1/cookies?minAge=P1Y&maxAge=P1D")
        #expect(response.status == .ok)
        #expect(CatalogueFixture.object(bytes(response))["count"] as? Int == 0)
    }

    /// Parameters that are not filters are ignored: the unfiltered list is served.
    @Test func unknownParameters_areIgnored() async {
        let response = await get("/v1/cookies?utm_source=x&_=123")
        #expect(bytes(response) == CatalogueWire.cookieListBody(Self.catalogue.cookies, version: Self.catalogue.version))
    }

    /// Each bad filter value is a 400 problem whose detail names the parameter.
    @Test(arguments: [("category=nope", "category"), ("category=analytics,", "category"), ("category=Feature", "category"),
                      ("duration=forever", "duration"), ("duration=", "duration"), ("minAge=30D", "minAge"),
                      ("minAge=P1.5D", "minAge"), ("maxAge=p1d", "maxAge"), ("maxAge=", "maxAge"),
                      ("maxAge=P1D&maxAge=P2D", "maxAge"), ("minAge=P1D&minAge=P1D", "minAge"), ("minAge=PT", "minAge"),
                      ("maxAge=P1234567890D", "maxAge")])
    func badFilter_isBadRequestNamingTheParameter(_ query: String, _ parameter: String) async {
        let response = await get("/v1/cookies?\(query)")
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let body = problem(response)
        #expect(body["type"] as? String == "https://consent-service.dev/problems/bad-request")
        #expect((body["detail"] as? String)?.hasPrefix("\(parameter):") == true)
    }

    // MARK: Conditional requests

    /// A matching `If-None-Match` answers 304 with ETag and Cache-Control and no body, on every catalogue GET.
    @Test(arguments: endpoints)
    func matchingIfNoneMatch_isNotModified(_ target: String) async {
        let response = await get(target, headers: ["If-None-Match": Self.etag])
        #expect(response.status == .notModified)
        #expect(response.headers["ETag"] == Self.etag)
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(response.headers["Content-Type"] == nil)
        #expect(bytes(response).isEmpty)
    }

    /// `*` matches any current representation.
    @Test(arguments: endpoints)
    func wildcardIfNoneMatch_isNotModified(_ target: String) async {
        #expect(await get(target, headers: ["If-None-Match": "*"]).status == .notModified)
    }

    /// The comparison is weak: `W/"<version>"` matches (RFC 9110 §13.1.2).
    @Test func weakTag_matches() async {
        #expect(await get("/v1/catalogue", headers: ["If-None-Match": "W/\(Self.etag)"]).status == .notModified)
    }

    /// A list matches when any member does, including a member containing a comma inside quotes before it.
    @Test func tagList_matchesAnyMember() async {
        let list = "\"0000000000000000\", \"a,b\",W/\(Self.etag)"
        #expect(await get("/v1/cookies", headers: ["If-None-Match": list]).status == .notModified)
    }

    /// Several `If-None-Match` fields are one list.
    @Test func repeatedIfNoneMatchFields_areOneList() async {
        let headers = HTTPHeaders([("If-None-Match", "\"0000000000000000\""), ("If-None-Match", Self.etag)])
        #expect(await get("/v1/categories", headers: headers).status == .notModified)
    }

    /// A tag that is not the version, or an unquoted version, answers 200 with the body.
    @Test(arguments: ["\"0000000000000000\"", CatalogueFixture.catalogue.version, "\"\(CatalogueFixture.catalogue.version)",
                      "W\"x\"", ""])
    func nonMatchingIfNoneMatch_answersTheBody(_ value: String) async {
        let response = await get("/v1/catalogue", headers: ["If-None-Match": value])
        #expect(response.status == .ok)
        #expect(bytes(response) == CatalogueWire.catalogueBody(Self.catalogue))
    }

    /// A bad parameter is a 400 even when the tag matches; an unknown id a 404 even with `*`.
    @Test func errors_winOverConditions() async {
        #expect(await get("/v1/cookies?category=nope", headers: ["If-None-Match": Self.etag]).status == .badRequest)
        #expect(await get("/v1/cookies/no-such-cookie", headers: ["If-None-Match": "*"]).status == .notFound)
    }

    // MARK: CORS (from the public route group)

    /// Catalogue answers — 200, 304 and 400 — carry `Access-Control-Allow-Origin: *` and never credentials.
    @Test(arguments: [("/v1/catalogue", ""), ("/v1/catalogue", CatalogueRoutesTests.etag), ("/v1/cookies?duration=x", "")])
    func responses_carryCORSHeaders(_ target: String, _ tag: String) async {
        var headers: HTTPHeaders = ["Origin": "https://shop.example"]
        if !tag.isEmpty { headers.add("If-None-Match", tag) }
        let response = await get(target, headers: headers)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
    }

    /// With an origin allow-list, a listed origin is echoed with `Vary: Origin`.
    @Test func allowListedOrigin_isEchoedWithVary() async {
        let origin = "https://shop.example"
        let response = await Self.handler(corsOrigins: [origin])
            .respond(ServiceFixtures.request(.GET, "/v1/cookies/ads-token", headers: ["Origin": origin]))
        #expect(response.headers["Access-Control-Allow-Origin"] == origin)
        #expect(response.headers["Vary"] == "Origin")
    }

    /// A preflight on a catalogue path is 204 allowing GET and HEAD.
    @Test func preflight_allowsGetAndHead() async {
        let response = await get("/v1/cookies/ads-token", headers: ["Origin": "https://shop.example",
                                                                     "Access-Control-Request-Method": "GET"], method: .OPTIONS)
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS")
    }
}
