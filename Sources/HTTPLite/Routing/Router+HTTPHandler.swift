/// A `Router` is itself a handler: matched routes run their handler; an unknown path is
/// 404 and a known path with another method is 405 with `Allow`, both as problem+json.
extension Router: HTTPHandler {
    public func handle(_ request: HTTPRequest) -> HandlerResponse {
        switch resolve(request) {
        case .matched(let route, let request):
            return route.handle(request)
        case .methodNotAllowed(_, let allowed):
            var response = ProblemResponse.make(status: .methodNotAllowed, detail: "method \(request.method) not allowed on this resource")
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return .immediate(response)
        case .notFound:
            return .immediate(ProblemResponse.make(status: .notFound, detail: "no resource at this path"))
        }
    }
}
