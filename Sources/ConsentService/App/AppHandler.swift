import HTTPLite

/// The top-level handler given to `HTTPServer`: resolves the route, answers 404/405 and
/// public `OPTIONS` itself, and wraps every response — immediate, deferred or callback —
/// with metrics and the access log.
///
/// The matched fast path does one router lookup, one clock read at each end, one metrics
/// lock (of the calling thread's shard) and one log write; nothing is formatted with `Date`.
struct AppHandler: HTTPHandler {
    let table: RouteTable
    let metrics: MetricsRegistry
    let accessLog: AccessLogMiddleware

    init(table: RouteTable, metrics: MetricsRegistry, accessLog: AccessLogMiddleware) {
        self.table = table
        self.metrics = metrics
        self.accessLog = accessLog
    }

    func handle(_ request: HTTPRequest) -> HandlerResponse {
        let start = monotonicNanoseconds()
        let route: String
        let response: HandlerResponse
        switch table.router.resolve(request) {
        case .matched(let matched, let routedRequest):
            route = matched.pattern.description
            response = matched.handle(routedRequest)
        case .methodNotAllowed(let pattern, let allowed):
            route = pattern.description
            response = .immediate(answerUnroutedMethod(request, pattern: route, allowed: allowed))
        case .notFound:
            route = MetricsRegistry.unmatchedRoute
            response = .immediate(APIError.notFound.response)
        }
        let method = request.method
        // An immediate response is finished here: no escaping closure (and its context) per request.
        if case .immediate(let immediate) = response {
            return .immediate(Self.finish(immediate, route: route, method: method, start: start, metrics: metrics, accessLog: accessLog))
        }
        // The closure captures the two services it uses, not the whole handler (its route table).
        let metrics = metrics, accessLog = accessLog
        // A loop-produced response: one closure applying the route's own finish, then this one (rather
        // than `map` composing a second closure around both).
        if case .callbackOnLoop(let begin, let inner) = response {
            return .callbackOnLoop(begin, finish: { made in
                // The response is moved along the chain (`consuming`), not copied at each step.
                let response: HTTPResponse
                if let inner { response = inner(consume made) } else { response = consume made }
                return Self.finish(consume response, route: route, method: method, start: start, metrics: metrics, accessLog: accessLog)
            })
        }
        return response.map { response in
            Self.finish(response, route: route, method: method, start: start, metrics: metrics, accessLog: accessLog)
        }
    }

    /// Records `response` in the metrics and the access log, with its duration since `start`.
    private static func finish(_ response: consuming HTTPResponse, route: String, method: HTTPMethod, start: Int64,
                               metrics: MetricsRegistry, accessLog: AccessLogMiddleware) -> HTTPResponse {
        let nanoseconds = max(0, monotonicNanoseconds() - start)
        metrics.recordRequest(route: route, method: method, status: response.status.code, nanoseconds: nanoseconds)
        accessLog.record(method: method, route: route, status: response.status.code, nanoseconds: nanoseconds,
                         bytes: response.bodyCount)
        return response
    }

    /// `OPTIONS` on a public path → preflight 204 whose `Allow` lists every method of the path and whose
    /// `Access-Control-Allow-Methods` lists the public ones only; anything else → 405 with `Allow` (RFC 9110 §15.5.6),
    /// which lists `OPTIONS` too on public paths and carries CORS headers there.
    private func answerUnroutedMethod(_ request: HTTPRequest, pattern: String, allowed: [HTTPMethod]) -> HTTPResponse {
        guard let publicMethods = table.publicMethods[pattern] else {
            return APIError.methodNotAllowed(allowed: allowed).response
        }
        if request.method == .OPTIONS {
            return table.cors.preflight(request, methods: publicMethods, allowed: allowed)
        }
        var response = APIError.methodNotAllowed(allowed: allowed + [.OPTIONS]).response
        table.cors.apply(to: &response, origin: request.headers["Origin"])
        return response
    }
}
