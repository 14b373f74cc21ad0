import HTTPLite

/// `/healthz` (alive), `/readyz` (every readiness check passes, else 503 `not-ready` naming
/// the first failure) and `/metrics` (Prometheus text 0.0.4). Registered with `.operations` access.
enum OperationsRoutes {
    private static let healthyBody = Array(#"{"status":"ok"}"#.utf8)
    private static let readyBody = Array(#"{"status":"ready"}"#.utf8)
    private static let noStore: HTTPHeaders = ["Cache-Control": "no-store"]

    static func register(on router: inout Router, context: ServiceContext) {
        router.add(.GET, "/healthz") { _ in
            .immediate(.json(healthyBody, headers: noStore))
        }
        let checks = context.readinessChecks
        router.add(.GET, "/readyz") { _ in
            if let reason = ReadinessCheck.firstFailure(in: checks) {
                return .immediate(APIError.notReady(reason: reason).response)
            }
            return .immediate(.json(readyBody, headers: noStore))
        }
        let metrics = context.metrics
        router.add(.GET, "/metrics") { _ in
            .immediate(HTTPResponse(status: .ok, headers: ["Content-Type": MetricsText.contentType, "Cache-Control": "no-store"],
                                    bytes: Array(metrics.render().utf8)))
        }
    }
}
