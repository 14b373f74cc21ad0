import HTTPLite
import Testing
@testable import ConsentService

@Suite struct CORSMiddlewareTests {
    private let origin = "https://shop.example"

    /// With `*`, public responses allow any origin and never credentials.
    @Test func wildcard_allowsAnyOriginWithoutCredentials() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/v1/things/a", headers: ["Origin": origin]))
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
        #expect(response.headers["Vary"] == nil)
    }

    /// With an allow-list, a listed origin is echoed with `Vary: Origin`.
    @Test func allowList_echoesListedOriginWithVary() async {
        let handler = ServiceFixtures.handler(ServiceFixtures.configuration(corsOrigins: [origin]))
        let response = await handler.respond(ServiceFixtures.request(.GET, "/v1/things/a", headers: ["Origin": origin]))
        #expect(response.headers["Access-Control-Allow-Origin"] == origin)
        #expect(response.headers["Vary"] == "Origin")
    }

    /// With an allow-list, another origin gets no allow header, but still `Vary: Origin`.
    @Test func allowList_refusesOtherOrigin() async {
        let handler = ServiceFixtures.handler(ServiceFixtures.configuration(corsOrigins: [origin]))
        let response = await handler.respond(ServiceFixtures.request(.GET, "/v1/things/a", headers: ["Origin": "https://evil.example"]))
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["Vary"] == "Origin")
    }

    /// A preflight on a public path is 204 with methods, headers and a 600 s max-age.
    @Test func preflight_isNoContentWithAllowedMethodsAndHeaders() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.OPTIONS, "/v1/things/a", headers: [
            "Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "content-type"]))
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS")
        #expect(response.headers["Access-Control-Allow-Headers"] == "Content-Type, Idempotency-Key, Sec-GPC")
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
    }

    /// A preflight lists only the public methods of a path shared with an auditor route.
    @Test func preflight_listsOnlyPublicMethods() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.OPTIONS, "/v1/records", headers: ["Origin": origin]))
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Methods"] == "POST, OPTIONS")
    }

    /// On a path shared with an auditor route, `Allow` still names every method of the resource (auditor GET included).
    @Test func preflightAllow_listsEveryMethodOfTheResource() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.OPTIONS, "/v1/records", headers: ["Origin": origin]))
        let allow = Set((response.headers["Allow"] ?? "").split(separator: ", ").map(String.init))
        #expect(allow == ["GET", "HEAD", "POST", "OPTIONS"])
        #expect(response.headers["Access-Control-Allow-Methods"] == "POST, OPTIONS")
    }

    /// A preflight from a non-listed origin gets no CORS grant.
    @Test func preflight_fromUnlistedOriginGetsNoGrant() async {
        let handler = ServiceFixtures.handler(ServiceFixtures.configuration(corsOrigins: [origin]))
        let response = await handler.respond(ServiceFixtures.request(.OPTIONS, "/v1/things/a", headers: ["Origin": "https://evil.example"]))
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["Access-Control-Allow-Methods"] == nil)
    }

    /// Auditor routes never carry CORS headers, even when authorized.
    @Test func auditorRoute_hasNoCORSHeaders() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/v1/records", headers: [
            "Origin": origin, "Authorization": "Bearer \(ServiceFixtures.auditorToken)"]))
        #expect(response.status == .ok)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// Operations routes carry no CORS headers.
    @Test func operationsRoute_hasNoCORSHeaders() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/healthz", headers: ["Origin": origin]))
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// OPTIONS on an operations path is a 405, not a preflight.
    @Test func optionsOnOperationsPath_is405() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.OPTIONS, "/metrics", headers: ["Origin": origin]))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// Deferred public responses get CORS headers too.
    @Test func deferredPublicResponse_getsCORSHeaders() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/v1/slow", headers: ["Origin": origin]))
        #expect(response.status == .accepted)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
    }
}
