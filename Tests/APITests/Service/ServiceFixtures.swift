import ConsentDomain
import Foundation
import HTTPLite
@testable import ConsentService

/// Builders for in-process service tests.
enum ServiceFixtures {
    static let auditorToken = "auditor-token-0123456789"

    struct FixedClock: WallClock {
        var date = Date(timeIntervalSince1970: 1_795_000_000)
        func now() -> Date { date }
    }

    static func configuration(corsOrigins: [String] = ["*"], tokens: [String] = [auditorToken]) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.corsOrigins = corsOrigins
        configuration.auditTokens = tokens
        return configuration
    }

    static func context(_ configuration: ServiceConfiguration = configuration(), readiness: [ReadinessCheck] = [],
                        metrics: MetricsRegistry = MetricsRegistry(version: "test")) -> ServiceContext {
        ServiceContext(configuration: configuration, catalogue: Catalogue(categories: [], cookies: []), log: temporaryLog(),
                       clock: FixedClock(),
                       metrics: metrics, logger: Logger(label: "test", sink: Logger.discard), readinessChecks: readiness)
    }

    /// A consent log in a fresh temporary directory (never fsyncs: tests only).
    static func temporaryLog() -> ConsentLog {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("consent-service-tests-\(UUID().uuidString)").path
        do {
            return try ConsentLog.open(directory: directory, options: LogOptions(fsync: .never), clock: FixedClock()).0
        } catch {
            fatalError("cannot open a test log in \(directory): \(error)")
        }
    }

    /// Test routes: a public GET/POST pair, an auditor GET on the same path as a public POST, and a deferred public route.
    static let testGroups: [RouteTable.Group] = RouteTable.standardGroups + [
        RouteTable.Group(.public) { router, _ in
            router.add(.GET, "/v1/things/{id}") { request in
                .immediate(.json(Array("{\"id\":\"\(request.pathParameters["id"] ?? "")\"}".utf8)))
            }
            router.add(.POST, "/v1/records") { _ in .immediate(HTTPResponse(status: .created)) }
            router.add(.GET, "/v1/slow") { _ in .deferred { HTTPResponse(status: .accepted, bytes: [1, 2, 3]) } }
        },
        RouteTable.Group(.auditor) { router, _ in
            router.add(.GET, "/v1/records") { _ in .immediate(.json(Array("[]".utf8))) }
        },
    ]

    static func handler(_ configuration: ServiceConfiguration = configuration(), readiness: [ReadinessCheck] = [],
                        metrics: MetricsRegistry = MetricsRegistry(version: "test"), log: Logger.Sink? = nil) -> AppHandler {
        let context = context(configuration, readiness: readiness, metrics: metrics)
        return AppHandler(table: RouteTable(context: context, groups: testGroups), metrics: metrics,
                          accessLog: AccessLogMiddleware(sink: log))
    }

    static func request(_ method: HTTPMethod = .GET, _ target: String, headers: HTTPHeaders = [:], body: String = "") -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8))
    }

    static func bodyText(_ response: HTTPResponse) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension AppHandler {
    /// Handles and resolves a request (deferred responses are awaited).
    func respond(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request).resolve()
    }
}
