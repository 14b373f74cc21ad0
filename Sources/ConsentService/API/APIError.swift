import HTTPLite

/// Every error the service answers with, and the one place each becomes a status and an
/// RFC 9457 problem (`problem`, `extraHeaders`, `response(for:logger:)`). Routes throw or
/// return these; anything else becomes a generic 500 whose detail goes only to the log.
enum APIError: Error, Sendable, Equatable {
    /// A query or path parameter is wrong (→ 400 `bad-request`). `parameter` is its name.
    case badRequest(parameter: String, reason: String)
    /// The body is not acceptable JSON (→ 400 `malformed-json`).
    case malformedJSON(reason: String)
    /// Well-formed JSON with invalid fields (→ 422 `validation-failed`, `errors` lists each).
    case validation([FieldProblem])
    /// The `Content-Type` is missing or not one of `supported` (→ 415).
    case unsupportedMediaType(supported: [String])
    /// The body exceeds `limit` bytes (→ 413).
    case contentTooLarge(limit: Int)
    /// No such resource (→ 404).
    case notFound
    /// The path exists but not for this method (→ 405 with `Allow`).
    case methodNotAllowed(allowed: [HTTPMethod])
    /// No or wrong bearer token on an auditor endpoint (→ 401 with `WWW-Authenticate`).
    case unauthorized
    /// The request conflicts with stored state, e.g. an Idempotency-Key reused with another body (→ 409).
    case conflict(reason: String)
    /// No representation matches `Accept`; `available` lists what can be served (→ 406).
    case notAcceptable(available: [String])
    /// The consent log cannot take writes (disk full, I/O error) (→ 503 `log-unavailable`, `Retry-After`).
    case logUnavailable(reason: String)
    /// A readiness check failed; `reason` names it (→ 503 `not-ready`, `Retry-After`).
    case notReady(reason: String)
    /// An unexpected failure (→ 500 with a generic body; the cause is logged, never sent).
    case internalError

    /// Seconds a client should wait before retrying a 503.
    static let retryAfterSeconds = 5
    /// The realm in `WWW-Authenticate` (RFC 6750 §3).
    static let authenticateChallenge = #"Bearer realm="consent-service""#

    /// The problem body for this error. Exhaustive: a new case does not compile until it has a status.
    var problem: ProblemDetails {
        switch self {
        case .badRequest(let parameter, let reason):
            ProblemDetails(slug: "bad-request", title: "Bad request", status: .badRequest, detail: "\(parameter): \(reason)")
        case .malformedJSON(let reason):
            ProblemDetails(slug: "malformed-json", title: "Malformed JSON", status: .badRequest, detail: reason)
        case .validation(let problems):
            ProblemDetails(slug: "validation-failed", title: "Validation failed", status: .unprocessableContent,
                           detail: problems.count == 1 ? "1 field is invalid" : "\(problems.count) fields are invalid",
                           errors: problems)
        case .unsupportedMediaType(let supported):
            ProblemDetails(slug: "unsupported-media-type", title: "Unsupported media type", status: .unsupportedMediaType,
                           detail: "send " + supported.joined(separator: " or "))
        case .contentTooLarge(let limit):
            ProblemDetails(slug: "content-too-large", title: "Content too large", status: .contentTooLarge,
                           detail: "the body exceeds \(limit) bytes")
        case .notFound:
            ProblemDetails(slug: "not-found", title: "Not found", status: .notFound)
        case .methodNotAllowed(let allowed):
            ProblemDetails(slug: "method-not-allowed", title: "Method not allowed", status: .methodNotAllowed,
                           detail: "allowed: " + allowed.map(\.rawValue).joined(separator: ", "))
        case .unauthorized:
            ProblemDetails(slug: "unauthorized", title: "Unauthorized", status: .unauthorized,
                           detail: "an auditor bearer token is required")
        case .conflict(let reason):
            ProblemDetails(slug: "conflict", title: "Conflict", status: .conflict, detail: reason)
        case .notAcceptable(let available):
            ProblemDetails(slug: "not-acceptable", title: "Not acceptable", status: .notAcceptable,
                           detail: "available: " + available.joined(separator: ", "))
        case .logUnavailable(let reason):
            ProblemDetails(slug: "log-unavailable", title: "Consent log unavailable", status: .serviceUnavailable, detail: reason)
        case .notReady(let reason):
            ProblemDetails(slug: "not-ready", title: "Not ready", status: .serviceUnavailable, detail: reason)
        case .internalError:
            ProblemDetails(slug: "internal-error", title: "Internal server error", status: .internalServerError)
        }
    }

    /// Headers the status requires: `Allow` for 405 (RFC 9110 §15.5.6), `WWW-Authenticate` for 401
    /// (§15.5.2), `Retry-After` for 503 (§10.2.3).
    var extraHeaders: HTTPHeaders {
        switch self {
        case .methodNotAllowed(let allowed): ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
        case .unauthorized: ["WWW-Authenticate": Self.authenticateChallenge]
        case .logUnavailable, .notReady: ["Retry-After": String(Self.retryAfterSeconds)]
        case .badRequest, .malformedJSON, .validation, .unsupportedMediaType, .contentTooLarge, .notFound,
             .conflict, .notAcceptable, .internalError: [:]
        }
    }

    /// The response for this error.
    var response: HTTPResponse { problem.makeResponse(extraHeaders: extraHeaders) }

    /// The response for any error: an `APIError` as mapped above, a JSON parse error as 400,
    /// anything else as a generic 500 whose description is logged (never sent).
    static func response(for error: any Error, logger: Logger) -> HTTPResponse {
        switch error {
        case let error as APIError:
            return error.response
        case let error as JSONParseError:
            return APIError.malformedJSON(reason: error.reason).response
        default:
            logger.error("unhandled error", metadata: ["error.type": String(describing: type(of: error)),
                                                       "error.description": String(describing: error)])
            return APIError.internalError.response
        }
    }
}
