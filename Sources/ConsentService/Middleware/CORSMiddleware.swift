import HTTPLite

/// CORS for public endpoints (Fetch standard, "CORS protocol"): `*` or an allow-list of
/// origins (echoed back with `Vary: Origin`), never credentials. Auditor and operations
/// endpoints never get these headers.
struct CORSMiddleware: Sendable {
    /// Request headers a browser may send cross-origin.
    static let allowedHeaders = "Content-Type, Idempotency-Key, Sec-GPC"
    /// Response headers a script may read.
    static let exposedHeaders = "ETag, Location"
    /// How long, in seconds, a browser may cache a preflight answer.
    static let maxAgeSeconds = 600

    /// True when the configuration contains `*`.
    let allowsAnyOrigin: Bool
    /// The exact origins allowed when `allowsAnyOrigin` is false.
    let origins: Set<String>

    /// - Parameter origins: `*` and/or serialized origins (`https://shop.example`), as validated by the configuration.
    init(origins: [String]) {
        allowsAnyOrigin = origins.contains("*")
        self.origins = Set(origins.filter { $0 != "*" })
    }

    /// Adds CORS headers to an actual (non-preflight) response to `origin` (the request's `Origin`, if any).
    func apply(to response: inout HTTPResponse, origin: String?) {
        if allowsAnyOrigin {
            response.headers.add("Access-Control-Allow-Origin", "*")
            response.headers.add("Access-Control-Expose-Headers", Self.exposedHeaders)
            return
        }
        // The answer depends on Origin, so caches must key on it (Fetch §3.2.5 "CORS protocol and HTTP caches").
        response.headers.add("Vary", "Origin")
        guard let origin, origins.contains(origin) else { return }
        response.headers.add("Access-Control-Allow-Origin", origin)
        response.headers.add("Access-Control-Expose-Headers", Self.exposedHeaders)
    }

    /// `response`, to be sent unchanged to every request, finished once: with `*` the CORS headers
    /// do not depend on `Origin`, so they are added here and the head is serialised once
    /// (`HTTPResponse.prepared()`); the `.public` route group then passes it through as it is.
    /// With an allow-list the headers depend on `Origin`: `response` is returned unprepared and the
    /// route group adds them per request.
    func prepared(_ response: HTTPResponse) -> HTTPResponse {
        guard allowsAnyOrigin else { return response }
        var finished = response
        apply(to: &finished, origin: nil)
        return finished.prepared()
    }

    /// A head template for responses with `headers` (and one `variableHeader` per response), finished
    /// like `prepared(_:)`: with `*` the CORS headers are part of it, so the `.public` route group passes
    /// its responses through as they are; with an allow-list they are not, and the route group adds them
    /// per request (which makes those responses ordinary ones).
    func template(status: HTTPStatus, headers: HTTPHeaders, variableHeader: String? = nil) -> ResponseHeadTemplate {
        var response = HTTPResponse(status: status, headers: headers)
        if allowsAnyOrigin { apply(to: &response, origin: nil) }
        return ResponseHeadTemplate(status: status, headers: response.headers, variableHeader: variableHeader)
    }

    /// True when the `.public` route group must add CORS headers to `response`: always, except to a
    /// prepared or templated response while CORS is `*` (`prepared(_:)` and `template(…)` added them already).
    func needsHeaders(_ response: HTTPResponse) -> Bool {
        !(allowsAnyOrigin && response.isPrepared)
    }

    /// The answer to `OPTIONS` on a public path: 204 with `Allow` and, for an allowed origin, the
    /// preflight headers (`Access-Control-Allow-Methods/Headers`, `Max-Age` 600).
    ///
    /// `Allow` names every method the resource supports (RFC 9110 §10.2.1, §9.3.7), auditor ones
    /// included; `Access-Control-Allow-Methods` names only the public ones, so browsers are never
    /// invited to call an auditor endpoint cross-origin.
    /// - Parameters:
    ///   - methods: the methods the path serves publicly (`OPTIONS` is added).
    ///   - allowed: every method the path serves (`OPTIONS` is added); defaults to `methods`.
    func preflight(_ request: HTTPRequest, methods: [HTTPMethod], allowed: [HTTPMethod]? = nil) -> HTTPResponse {
        let allowMethods = (methods + [.OPTIONS]).map(\.rawValue).joined(separator: ", ")
        let allow = ((allowed ?? methods) + [.OPTIONS]).map(\.rawValue).joined(separator: ", ")
        var response = HTTPResponse(status: .noContent, headers: ["Allow": allow])
        let origin = request.headers["Origin"]
        let isAllowed = allowsAnyOrigin || origin.map(origins.contains) == true
        if !allowsAnyOrigin { response.headers.add("Vary", "Origin") }
        guard isAllowed else { return response }
        response.headers.add("Access-Control-Allow-Origin", allowsAnyOrigin ? "*" : origin ?? "")
        response.headers.add("Access-Control-Allow-Methods", allowMethods)
        response.headers.add("Access-Control-Allow-Headers", Self.allowedHeaders)
        response.headers.add("Access-Control-Max-Age", String(Self.maxAgeSeconds))
        return response
    }
}
