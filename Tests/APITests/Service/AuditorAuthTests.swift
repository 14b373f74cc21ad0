import HTTPLite
import Testing
@testable import ConsentService

@Suite struct AuditorAuthTests {
    private let token = ServiceFixtures.auditorToken

    private func status(_ authorization: [String], tokens: [String] = [ServiceFixtures.auditorToken]) async -> HTTPResponse {
        var headers = HTTPHeaders()
        for value in authorization { headers.add("Authorization", value) }
        let handler = ServiceFixtures.handler(ServiceFixtures.configuration(tokens: tokens))
        return await handler.respond(ServiceFixtures.request(.GET, "/v1/records", headers: headers))
    }

    /// The correct token, in any scheme case, is accepted.
    @Test(arguments: ["Bearer ", "bearer ", "BEARER ", "Bearer   "])
    func correctToken_isAccepted(prefix: String) async {
        #expect(await status([prefix + token]).status == .ok)
    }

    /// Missing, wrong, prefix, extended, other-scheme, empty and duplicated credentials are refused with 401 and a challenge.
    @Test(arguments: [[], ["Bearer wrong-token-0123456789"], ["Bearer auditor-token"], ["Bearer \(ServiceFixtures.auditorToken)x"],
                      ["Basic \(ServiceFixtures.auditorToken)"], ["Bearer"], ["Bearer "], ["\(ServiceFixtures.auditorToken)"],
                      ["Bearer \(ServiceFixtures.auditorToken) extra"], ["BearerX \(ServiceFixtures.auditorToken)"],
                      ["Bearer \(ServiceFixtures.auditorToken)", "Bearer \(ServiceFixtures.auditorToken)"]])
    func badCredentials_are401(authorization: [String]) async {
        let response = await status(authorization)
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == #"Bearer realm="consent-service""#)
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    /// With no tokens configured, every request is refused, even one with an empty bearer.
    @Test func noTokensConfigured_alwaysRefuses() async {
        #expect(await status(["Bearer \(token)"], tokens: []).status == .unauthorized)
    }

    /// Any of several configured tokens is accepted.
    @Test func secondConfiguredToken_isAccepted() async {
        #expect(await status(["Bearer other-token-abcdefghij"], tokens: [token, "other-token-abcdefghij"]).status == .ok)
    }

    /// `authorize` throws `.unauthorized` for use inside public routes (`?at=`).
    @Test func authorize_throwsUnauthorized() {
        let auth = AuditorAuth(tokens: [token])
        #expect(throws: APIError.unauthorized) { try auth.authorize(HTTPRequest(method: .GET, target: "/")) }
    }
}
