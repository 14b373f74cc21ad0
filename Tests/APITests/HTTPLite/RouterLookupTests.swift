import Testing
@testable import HTTPLite

/// Which handler a `Router` picks, through both its literal-path lookup and its scan.
@Suite struct RouterLookupTests {
    private func router(_ routes: [(HTTPMethod, String, String)]) -> Router {
        var router = Router()
        for (method, pattern, name) in routes {
            router.add(method, pattern) { _ in .immediate(HTTPResponse(bytes: Array(name.utf8))) }
        }
        return router
    }

    private func answer(_ router: Router, _ method: HTTPMethod, _ target: String) -> String? {
        guard case .matched(let route, let request) = router.resolve(HTTPRequest(method: method, target: target)),
              case .immediate(let response) = route.handle(request), case .bytes(let bytes) = response.body else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A parameterless route is found by its exact path, and `HEAD` reaches its `GET` route.
    @Test func findsLiteralRoute_andHeadReachesGet() {
        let router = router([(.GET, "/v1/catalogue", "catalogue"), (.POST, "/v1/consents", "consents")])
        #expect(answer(router, .GET, "/v1/catalogue") == "catalogue")
        #expect(answer(router, .HEAD, "/v1/catalogue") == "catalogue")
        #expect(answer(router, .POST, "/v1/consents") == "consents")
        #expect(answer(router, .GET, "/v1/catalogue/") == nil)
    }

    /// When a parameter route registered first also matches a literal path, it still wins,
    /// whichever order the two were added in relative to other routes.
    @Test func keepsRegistrationOrder_whenParameterRouteShadowsLiteralPath() {
        let first = router([(.GET, "/v1/cookies/{id}", "by-id"), (.GET, "/v1/cookies/search", "search")])
        #expect(answer(first, .GET, "/v1/cookies/search") == "by-id")
        let second = router([(.GET, "/v1/cookies/search", "search"), (.GET, "/v1/cookies/{id}", "by-id")])
        #expect(answer(second, .GET, "/v1/cookies/search") == "search")
        #expect(answer(second, .GET, "/v1/cookies/abc") == "by-id")
    }

    /// A literal path with another method answers 405 with `Allow`; duplicate slashes still match by segments.
    @Test func fallsBackToScan_forOtherMethodsAndNonCanonicalPaths() {
        let router = router([(.GET, "/v1/catalogue", "catalogue")])
        guard case .methodNotAllowed(_, let allowed) = router.resolve(HTTPRequest(method: .DELETE, target: "/v1/catalogue")) else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.GET, .HEAD])
        #expect(answer(router, .GET, "//v1//catalogue") == "catalogue")
        guard case .notFound = router.resolve(HTTPRequest(method: .GET, target: "/v1/other")) else {
            Issue.record("expected 404")
            return
        }
    }
}
