import HTTPLite

/// The only place routes are registered. Each group's routes are registered on a scratch
/// `Router` by its `XRoutes.register(on:context:)` function and then merged, wrapped by access:
/// public handlers get CORS headers (prebuilt responses finished by `CORSMiddleware.prepared(_:)`
/// have them already), auditor handlers a bearer-token check.
struct RouteTable: Sendable {
    /// One `register(on:context:)` function and the access its routes get.
    struct Group: Sendable {
        let access: RouteAccess
        let register: @Sendable (inout Router, ServiceContext) -> Void

        init(_ access: RouteAccess, _ register: @escaping @Sendable (inout Router, ServiceContext) -> Void) {
            self.access = access
            self.register = register
        }
    }

    /// Every route, wrapped for its access.
    let router: Router
    /// For each path pattern with public routes, their methods (`GET` implies `HEAD`), for `OPTIONS`/405.
    let publicMethods: [String: [HTTPMethod]]
    let cors: CORSMiddleware

    /// The service's route groups, in registration order (first match wins within a method).
    static let standardGroups: [Group] = [
        Group(.operations) { OperationsRoutes.register(on: &$0, context: $1) },
        Group(.public) { WellKnownRoutes.register(on: &$0, context: $1) },
        Group(.public) { CatalogueRoutes.register(on: &$0, context: $1) },
        Group(.public) { ConsentRoutes.register(on: &$0, context: $1) },
        Group(.public) { DecisionRoutes.register(on: &$0, context: $1) },
        Group(.public) { AssetRoutes.register(on: &$0, finish: $1.cors.prepared) },
        Group(.auditor) { AuditRoutes.register(on: &$0, context: $1) },
    ]

    /// Builds the table.
    /// - Parameters:
    ///   - context: passed to every group.
    ///   - groups: defaults to `standardGroups`; tests pass their own.
    init(context: ServiceContext, groups: [Group] = RouteTable.standardGroups) {
        let cors = context.cors
        let auth = context.auditorAuth
        var merged = Router()
        var publicMethods: [String: [HTTPMethod]] = [:]
        for group in groups {
            var scratch = Router()
            group.register(&scratch, context)
            for route in scratch.routes {
                let pattern = route.pattern.description
                switch group.access {
                case .public:
                    var methods = publicMethods[pattern, default: []]
                    for method in route.method == .GET ? [HTTPMethod.GET, .HEAD] : [route.method] where !methods.contains(method) {
                        methods.append(method)
                    }
                    publicMethods[pattern] = methods
                    // With `*` the headers do not depend on the request: one transform for every later response.
                    let anyOriginFinish: @Sendable (consuming HTTPResponse) -> HTTPResponse = { response in
                        guard cors.needsHeaders(response) else { return response }
                        var response = response
                        cors.apply(to: &response, origin: nil)
                        return response
                    }
                    merged.add(route.method, pattern) { request in
                        // With `*` the answer does not depend on Origin: skip the header scan.
                        let origin = cors.allowsAnyOrigin ? nil : request.headers["Origin"]
                        let handled = route.handle(request)
                        // An immediate response gets its headers here: no escaping closure per request.
                        if case .immediate(var response) = handled {
                            guard cors.needsHeaders(response) else { return handled }
                            cors.apply(to: &response, origin: origin)
                            return .immediate(response)
                        }
                        if cors.allowsAnyOrigin { return handled.map(anyOriginFinish) }
                        // An allow-list always adds its headers (`needsHeaders` is true without `*`).
                        return handled.map { response in
                            var response = response
                            cors.apply(to: &response, origin: origin)
                            return response
                        }
                    }
                case .auditor:
                    merged.add(route.method, pattern) { request in
                        guard auth.isAuthorized(request) else { return .immediate(APIError.unauthorized.response) }
                        return route.handle(request)
                    }
                case .operations:
                    merged.add(route.method, pattern) { request in route.handle(request) }
                }
            }
        }
        self.router = merged
        self.publicMethods = publicMethods
        self.cors = cors
    }
}
