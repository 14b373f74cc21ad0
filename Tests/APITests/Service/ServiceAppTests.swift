import ConsentDomain
import HTTPLite
import Testing
@testable import ConsentService

@Suite struct ServiceAppTests {
    /// A server double that has already stopped: `run` returns at once.
    private final class StoppedServer: RunningServer {
        let port = 18_080
        let openConnections = 3
        func shutdown() {}
        func waitUntilStopped() {}
    }

    private func app(_ lines: LineCollector, accessLog: Bool = true) -> ServiceApp {
        var configuration = ServiceFixtures.configuration()
        configuration.accessLog = accessLog
        configuration.auditTokens = [ServiceFixtures.auditorToken]
        return ServiceApp(configuration: configuration, logSink: lines.sink)
    }

    /// `run` logs listening and stopped as JSON lines, exits 0, and exports the server's open connections.
    @Test func run_logsLifecycleAndExportsConnections() throws {
        let lines = LineCollector()
        let app = app(lines)
        #expect(app.run(server: StoppedServer()) == 0)
        let messages = try lines.all.map { try JSONParser().parse(Array($0.utf8))["msg"] }
        #expect(messages == [.string("listening"), .string("stopped")])
        #expect(app.metrics.render().contains("http_open_connections 3"))
    }

    /// The start-up line reports settings but never the auditor tokens.
    @Test func startupLog_omitsTokens() {
        let lines = LineCollector()
        app(lines).logStartup()
        let text = lines.all.joined()
        #expect(text.contains(#""auditor.tokens":"1""#))
        #expect(!text.contains(ServiceFixtures.auditorToken))
    }

    /// The handler built by the app serves the operations routes and logs each request.
    @Test func makeHandler_servesOperationsRoutesWithAccessLog() async {
        let lines = LineCollector()
        let app = app(lines)
        let handler = app.makeHandler(context: app.makeContext(catalogue: Catalogue(categories: [], cookies: []), log: ServiceFixtures.temporaryLog()))
        let response = await handler.respond(ServiceFixtures.request(.GET, "/healthz"))
        #expect(response.status == .ok)
        #expect(lines.all.count == 1)
    }

    /// With the access log off, requests write nothing.
    @Test func accessLogOff_writesNothing() async {
        let lines = LineCollector()
        let app = app(lines, accessLog: false)
        let handler = app.makeHandler(context: app.makeContext(catalogue: Catalogue(categories: [], cookies: []), log: ServiceFixtures.temporaryLog()))
        _ = await handler.respond(ServiceFixtures.request(.GET, "/healthz"))
        #expect(lines.all.isEmpty)
    }

    /// The context's readiness includes the shutdown check, so draining turns /readyz to 503.
    @Test func makeContext_includesShutdownReadiness() async {
        let app = app(LineCollector(), accessLog: false)
        let handler = app.makeHandler(context: app.makeContext(catalogue: Catalogue(categories: [], cookies: []), log: ServiceFixtures.temporaryLog()))
        app.shutdownState.beginDraining()
        let response = await handler.respond(ServiceFixtures.request(.GET, "/readyz"))
        #expect(response.status == .serviceUnavailable)
        #expect(ServiceFixtures.bodyText(response).contains("shutdown: shutting down"))
    }
}
