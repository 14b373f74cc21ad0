import ConsentDomain
import HTTPLite

/// `POST /v1/decisions`: which cookies may be set, for explicit choices, a visitor's stored consent
/// or neither (the essential-only default). Registered with `.public` access.
///
/// Answered from memory on the event loop: the body is validated (`DecisionWire.request`), the
/// visitor's state comes from `ConsentLog.latest` judged by the policy against the served catalogue
/// at the injected clock's "now", `Sec-GPC` is read with `GlobalPrivacyControl`, and the prepared
/// `DecisionEngine` decides. No disk I/O, no task.
enum DecisionRoutes {
    static let path = "/v1/decisions"

    static func register(on router: inout Router, context: ServiceContext) {
        router.add(.POST, path) { request in .immediate(decide(request, context: context)) }
    }

    static func decide(_ request: HTTPRequest, context: ServiceContext) -> HTTPResponse {
        do throws(APIError) {
            let body = try context.jsonBody.decodeObject(request)
            var parsed = try DecisionWire.request(body, limits: context.decisionEngine.limits)
            let now = context.clock.now()
            parsed.input.now = now
            let state: ConsentState = parsed.visitorID.map {
                context.policy.state(for: context.log.latest(for: $0), catalogue: context.catalogue, now: now)
            } ?? .default
            let gpc = GlobalPrivacyControl.isAsserted(byHeader: request.headers["Sec-GPC"])
            let decision = context.decisionEngine.decide(parsed.input, state: state, gpc: gpc)
            return .json(DecisionWire.body(decision, fragments: context.choiceFragments), headers: ["Cache-Control": "no-store"])
        } catch {
            return error.response
        }
    }
}
