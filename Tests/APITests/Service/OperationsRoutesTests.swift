import HTTPLite
import Testing
@testable import ConsentService

@Suite struct OperationsRoutesTests {
    /// /healthz answers 200 {"status":"ok"}.
    @Test func healthz_isOK() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/healthz"))
        #expect(response.status == .ok)
        #expect(ServiceFixtures.bodyText(response) == #"{"status":"ok"}"#)
    }

    /// /readyz answers 200 when every check passes.
    @Test func readyz_isReadyWhenChecksPass() async {
        let handler = ServiceFixtures.handler(readiness: [ReadinessCheck(name: "catalogue") { nil }])
        let response = await handler.respond(ServiceFixtures.request(.GET, "/readyz"))
        #expect(response.status == .ok)
        #expect(ServiceFixtures.bodyText(response) == #"{"status":"ready"}"#)
    }

    /// /readyz answers 503 not-ready naming the first failing check.
    @Test func readyz_is503NamingFailure() async throws {
        let handler = ServiceFixtures.handler(readiness: [ReadinessCheck(name: "catalogue") { nil },
                                                          ReadinessCheck(name: "log") { "not writable" }])
        let response = await handler.respond(ServiceFixtures.request(.GET, "/readyz"))
        #expect(response.status == .serviceUnavailable)
        let json = try JSONParser().parse(Array(ServiceFixtures.bodyText(response).utf8))
        #expect(json["type"] == .string("https://consent-service.dev/problems/not-ready"))
        #expect(json["detail"] == .string("log: not writable"))
    }

    /// Draining for shutdown makes /readyz fail.
    @Test func readyz_failsWhileDraining() async {
        let state = ShutdownState()
        let handler = ServiceFixtures.handler(readiness: [state.readinessCheck])
        #expect(await handler.respond(ServiceFixtures.request(.GET, "/readyz")).status == .ok)
        state.beginDraining()
        #expect(await handler.respond(ServiceFixtures.request(.GET, "/readyz")).status == .serviceUnavailable)
    }

    /// /metrics serves the exposition format with its content type, including the request just made before it.
    @Test func metrics_servesPrometheusText() async {
        let handler = ServiceFixtures.handler()
        _ = await handler.respond(ServiceFixtures.request(.GET, "/healthz"))
        let response = await handler.respond(ServiceFixtures.request(.GET, "/metrics"))
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(ServiceFixtures.bodyText(response).contains(#"http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
    }

    /// /.well-known/gpc.json declares GPC support, with CORS.
    @Test func gpcWellKnown_declaresSupport() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/.well-known/gpc.json"))
        #expect(ServiceFixtures.bodyText(response) == #"{"gpc":true,"lastUpdate":"2026-11-22"}"#)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
    }
}
