/// Every way a request can be refused while it is read. Each case maps to exactly one
/// status (`status`) and a `detail` for the problem+json body; the connection is then closed.
enum HTTPParseError: Error, Equatable, Sendable {
    case requestLineTooLong(limit: Int)
    case headTooLarge(limit: Int)
    case tooManyHeaders(limit: Int)
    case bodyTooLarge(limit: Int)
    case headTimeout
    case bodyTimeout
    case unsupportedTransferCoding
    case unsupportedVersion
    case unsupportedExpectation
    case malformedRequestLine(String)
    case invalidHeaderName
    case whitespaceBeforeColon
    case obsoleteLineFolding
    case bareCR
    case bareLF
    case invalidHeaderValue
    case invalidContentLength
    case differingContentLengths
    case ambiguousFraming
    case invalidTransferEncoding
    case invalidChunk(String)
    case missingHost
    case duplicateHost

    /// The response status for this failure (RFC 9110 §15, RFC 9112).
    var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .headTimeout, .bodyTimeout: .requestTimeout
        case .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .unsupportedExpectation: .expectationFailed
        case .malformedRequestLine, .invalidHeaderName, .whitespaceBeforeColon, .obsoleteLineFolding,
             .bareCR, .bareLF, .invalidHeaderValue, .invalidContentLength, .differingContentLengths,
             .ambiguousFraming, .invalidTransferEncoding, .invalidChunk, .missingHost, .duplicateHost:
            .badRequest
        }
    }

    /// What was wrong, for the problem+json `detail` (never echoes request bytes).
    var detail: String {
        switch self {
        case .requestLineTooLong(let limit): "request line longer than \(limit) bytes"
        case .headTooLarge(let limit): "request head longer than \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .bodyTooLarge(let limit): "request body larger than \(limit) bytes"
        case .headTimeout: "request head not received in time"
        case .bodyTimeout: "request body not received in time"
        case .unsupportedTransferCoding: "unsupported transfer coding (only chunked is implemented)"
        case .unsupportedVersion: "HTTP version not supported"
        case .unsupportedExpectation: "unsupported Expect value"
        case .malformedRequestLine(let why): "malformed request line: \(why)"
        case .invalidHeaderName: "invalid character in header name"
        case .whitespaceBeforeColon: "whitespace between header name and colon"
        case .obsoleteLineFolding: "obsolete line folding"
        case .bareCR: "bare CR in request head"
        case .bareLF: "bare LF in request head"
        case .invalidHeaderValue: "control character in header value"
        case .invalidContentLength: "invalid Content-Length"
        case .differingContentLengths: "differing Content-Length values"
        case .ambiguousFraming: "Content-Length and Transfer-Encoding both present"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .invalidChunk(let why): "invalid chunked body: \(why)"
        case .missingHost: "missing Host header"
        case .duplicateHost: "more than one Host header"
        }
    }
}
