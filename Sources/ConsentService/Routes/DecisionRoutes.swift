import ConsentDomain
import HTTPLite

/// `POST /v1/decisions`: which cookies may be set, for explicit choices, a visitor's stored consent
/// or neither (the essential-only default). Registered with `.public` access.
///
/// Answered from memory on the event loop: the body is read by `DecisionRequestReader` (the fast
/// path for valid requests) or, when it cannot, parsed and validated by the generic path
/// (`JSONRequestBody`, `DecisionWire.request`), which gives every 4xx answer; the visitor's state
/// comes from `ConsentLog.latest` judged by the policy against the served catalogue at the injected
/// clock's "now", `Sec-GPC` is read with `GlobalPrivacyControl`, the prepared `DecisionEngine`
/// decides and `DecisionBodyWriter` writes the body. No disk I/O, no task.
enum DecisionRoutes {
    static let path = "/v1/decisions"

    /// `Content-Type` and `Cache-Control` of every decision, built once.
    static let responseHeaders: HTTPHeaders = [
        "Content-Type": HTTPResponse.jsonContentType, "Cache-Control": "no-store",
    ]

    static func register(on router: inout Router, context: ServiceContext) {
        let head = context.cors.template(status: .ok, headers: responseHeaders)
        router.add(.POST, path) { request in .immediate(decide(request, context: context, head: head)) }
    }

    /// - Parameter head: The 200's head template (`Content-Type`, `Cache-Control`, and CORS when it is
    ///   `*`): serialised once, so a decision's head costs no per-field work. Built here when not given (tests).
    static func decide(_ request: HTTPRequest, context: ServiceContext, head: ResponseHeadTemplate? = nil) -> HTTPResponse {
        do throws(APIError) {
            let headers = DecisionHeaders(request.headers)
            var parsed = try self.request(request, contentType: headers.contentType, context: context)
            let now = context.clock.now()
            parsed.input.now = now
            let state: ConsentState = parsed.visitorID.map {
                context.policy.state(for: context.log.latest(for: $0), catalogue: context.catalogue, now: now)
            } ?? .default
            let gpc = GlobalPrivacyControl.isAsserted(byHeader: headers.gpc)
            let decision = context.decisionEngine.decide(parsed.input, state: state, gpc: gpc)
            let body = DecisionBodyWriter.body(decision, fragments: context.choiceFragments)
            return (head ?? context.cors.template(status: .ok, headers: responseHeaders)).response(bytes: body)
        } catch {
            return error.response
        }
    }

    /// The validated request: `DecisionRequestReader` when the media type, size and depth limits
    /// allow it and the body is in its subset, else the generic parser and validator.
    /// - Throws: `APIError` (415, 413, 400, 422) from the generic path.
    /// - Parameter contentType: The request's first `Content-Type` value.
    static func request(_ request: HTTPRequest, contentType: String?, context: ServiceContext) throws(APIError)
        -> DecisionWire.Request {
        let limits = context.decisionEngine.limits
        if context.jsonBody.admitsFastReader(contentType: contentType, bodyCount: request.body.count),
           let fast = DecisionRequestReader.read(request.body, limits: limits) {
            return fast
        }
        let body = try context.jsonBody.decodeObject(request)
        return try DecisionWire.request(body, limits: limits)
    }
}
