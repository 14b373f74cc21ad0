/// A parsed request line and header section, plus the framing facts the parser noted
/// on the way (so nothing re-scans the headers).
struct RequestHead: Sendable, Equatable {
    var method: HTTPMethod
    /// The request-target in origin-form (absolute-form is reduced to its path and query).
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    /// The agreed `Content-Length`, when at least one was present (all values must be equal).
    var contentLength: Int?
    /// Every `Transfer-Encoding` field value, in order.
    var transferEncodings: [String] = []
    /// `Connection: close` was listed.
    var hasConnectionClose = false
    /// `Connection: keep-alive` was listed.
    var hasConnectionKeepAlive = false
    /// The `Expect` value, if any.
    var expectation: String?
}
