/// A (method, pattern) table. Registration happens once at start; lookup is read-only
/// and lock-free.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HandlerResponse

    public struct Route: Sendable {
        public let method: HTTPMethod
        public let pattern: RoutePattern
        let handler: Handler
    }

    /// The outcome of looking a request up.
    public enum Resolution: Sendable {
        /// A route matched; `request` carries the path parameters.
        case matched(route: Route, request: HTTPRequest)
        /// The path exists but not for this method; `allowed` is the `Allow` list.
        case methodNotAllowed(pattern: RoutePattern, allowed: [HTTPMethod])
        case notFound
    }

    public private(set) var routes: [Route] = []
    /// Indices into `routes` of the parameterless routes, by canonical path (`/a/b`), in
    /// registration order: the lookup for the common case, one hash instead of a scan.
    private var literalRoutes: [String: [Int]] = [:]
    /// Canonical paths that some parameterised route also matches: these always take the scan,
    /// so the first registered match still wins.
    private var ambiguousPaths: Set<String> = []

    public init() {}

    /// Registers `handler` for `method` on `pattern`. A `GET` route also answers `HEAD`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let route = Route(method: method, pattern: RoutePattern(pattern), handler: handler)
        if let path = route.pattern.literalPath {
            literalRoutes[path, default: []].append(routes.count)
            if routes.contains(where: { $0.pattern.literalPath == nil && $0.pattern.match(path) != nil }) {
                ambiguousPaths.insert(path)
            }
        } else {
            for path in literalRoutes.keys where route.pattern.match(path) != nil { ambiguousPaths.insert(path) }
        }
        routes.append(route)
    }

    /// Finds the route for `request`.
    public func resolve(_ request: HTTPRequest) -> Resolution {
        // Most tables have no ambiguous path: skip that second hash of the path then.
        if let candidates = literalRoutes[request.path], ambiguousPaths.isEmpty || !ambiguousPaths.contains(request.path) {
            for index in candidates {
                let route = routes[index]
                if route.method == request.method || (request.method == .HEAD && route.method == .GET) {
                    return .matched(route: route, request: request)
                }
            }
        }
        return scan(request)
    }

    /// `resolve` by trying every route in registration order.
    private func scan(_ request: HTTPRequest) -> Resolution {
        var allowed: [HTTPMethod] = []
        var matchedPattern: RoutePattern?
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true)
        for route in routes {
            guard let parameters = route.pattern.match(parts: parts, path: request.path) else { continue }
            if route.method == request.method || (request.method == .HEAD && route.method == .GET) {
                var request = request
                request.pathParameters = parameters
                return .matched(route: route, request: request)
            }
            if matchedPattern == nil { matchedPattern = route.pattern }
            if !allowed.contains(route.method) { allowed.append(route.method) }
            if route.method == .GET, !allowed.contains(.HEAD) { allowed.append(.HEAD) }
        }
        if let matchedPattern { return .methodNotAllowed(pattern: matchedPattern, allowed: allowed) }
        return .notFound
    }
}

extension Router.Route {
    /// Calls the route's handler.
    public func handle(_ request: HTTPRequest) -> HandlerResponse { handler(request) }
}
