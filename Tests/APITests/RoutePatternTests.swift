import Testing
@testable import HTTPLite

@Suite struct RoutePatternTests {
    /// A parameter segment captures one path segment.
    @Test func capturesParameter() {
        #expect(RoutePattern("/v1/cookies/{id}").match("/v1/cookies/abc") == ["id": "abc"])
    }
    /// Extra or missing segments do not match.
    @Test func rejectsDifferentSegmentCount() {
        #expect(RoutePattern("/v1/cookies/{id}").match("/v1/cookies") == nil)
        #expect(RoutePattern("/v1/cookies/{id}").match("/v1/cookies/a/b") == nil)
    }
    /// The router answers 405 data (allowed methods) when only the method differs.
    @Test func routerReportsAllowedMethods() {
        var router = Router()
        router.add(.GET, "/v1/catalogue") { _ in .immediate(HTTPResponse()) }
        guard case .methodNotAllowed(_, let allowed) = router.resolve(HTTPRequest(method: .POST, target: "/v1/catalogue")) else {
            Issue.record("expected 405"); return
        }
        #expect(allowed == [.GET, .HEAD])
    }
}
