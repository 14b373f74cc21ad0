/// The server's own error responses: `application/problem+json` (RFC 9457) bodies.
enum ProblemResponse {
    /// `{"type":"about:blank","title":…,"status":…,"detail":…}` for `status`.
    static func make(status: HTTPStatus, detail: String) -> HTTPResponse {
        let json = "{\"type\":\"about:blank\",\"title\":\(Logger.quote(status.reasonPhrase)),\"status\":\(status.code),\"detail\":\(Logger.quote(detail))}"
        return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json"], bytes: Array(json.utf8))
    }

    static func make(for error: HTTPParseError) -> HTTPResponse {
        make(status: error.status, detail: error.detail)
    }
}
