import Testing
@testable import HTTPLite

@Suite struct RouterHandlerTests {
    private func router() -> Router {
        var router = Router()
        router.add(.GET, "/v1/cookies/{id}") { request in .immediate(HTTPResponse(bytes: Array((request.pathParameters["id"] ?? "").utf8))) }
        return router
    }

    private func immediate(_ response: HandlerResponse) -> HTTPResponse? {
        guard case .immediate(let value) = response else { return nil }
        return value
    }

    /// A matched route runs with its path parameters.
    @Test func runsMatchedRouteWithParameters() throws {
        let response = try #require(immediate(router().handle(HTTPRequest(method: .GET, target: "/v1/cookies/_ga"))))
        guard case .bytes(let body) = response.body else { Issue.record("expected bytes"); return }
        #expect(body == Array("_ga".utf8))
    }

    /// A known path with another method is 405 with `Allow` and a problem body.
    @Test func answers405WithAllow() throws {
        let response = try #require(immediate(router().handle(HTTPRequest(method: .DELETE, target: "/v1/cookies/x"))))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    /// An unknown path is 404 with a problem body.
    @Test func answers404AsProblem() throws {
        let response = try #require(immediate(router().handle(HTTPRequest(method: .GET, target: "/nope"))))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }
}
