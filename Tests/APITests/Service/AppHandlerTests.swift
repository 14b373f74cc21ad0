import HTTPLite
import Testing
@testable import ConsentService

@Suite struct AppHandlerTests {
    /// An unknown path is a 404 problem.
    @Test func unknownPath_is404Problem() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/nope"))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(ServiceFixtures.bodyText(response).contains("/problems/not-found"))
    }

    /// A known path with another method is a 405 problem whose Allow lists the methods (OPTIONS too on public paths).
    @Test func wrongMethod_is405WithAllow() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.DELETE, "/v1/things/a"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(ServiceFixtures.bodyText(response).contains("/problems/method-not-allowed"))
    }

    /// On an operations path the Allow list has no OPTIONS.
    @Test func wrongMethodOnOperationsPath_allowsGetAndHead() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.POST, "/healthz"))
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    /// Path parameters reach the route handler.
    @Test func matchedRoute_receivesPathParameters() async {
        let response = await ServiceFixtures.handler().respond(ServiceFixtures.request(.GET, "/v1/things/abc"))
        #expect(ServiceFixtures.bodyText(response) == #"{"id":"abc"}"#)
    }

    /// Every response, including deferred ones and 404s, is counted under its route pattern.
    @Test func responses_areCountedByRoutePattern() async {
        let metrics = MetricsRegistry(version: "t")
        let handler = ServiceFixtures.handler(metrics: metrics)
        _ = await handler.respond(ServiceFixtures.request(.GET, "/v1/things/visitor-123456"))
        _ = await handler.respond(ServiceFixtures.request(.GET, "/v1/slow"))
        _ = await handler.respond(ServiceFixtures.request(.GET, "/missing/visitor-123456"))
        let text = metrics.render()
        #expect(text.contains(#"http_requests_total{route="/v1/things/{id}",method="GET",status="200"} 1"#))
        #expect(text.contains(#"http_requests_total{route="/v1/slow",method="GET",status="202"} 1"#))
        #expect(text.contains(#"http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        #expect(!text.contains("visitor-123456"))
    }

    /// One access-log line per request, with the route pattern and never the path, query or headers.
    @Test func accessLog_writesOneLineWithoutIdentifiers() async throws {
        let lines = LineCollector()
        let handler = ServiceFixtures.handler(log: lines.sink)
        _ = await handler.respond(ServiceFixtures.request(.GET, "/v1/things/visitor-123456?visitorId=visitor-123456", headers: [
            "Authorization": "Bearer secret-token-123456789", "X-Forwarded-For": "203.0.113.9"]))
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        let json = try JSONParser().parse(Array(line.utf8))
        #expect(json["http.route"] == .string("/v1/things/{id}"))
        #expect(json["http.method"] == .string("GET"))
        #expect(json["http.status"] == .number("200"))
        #expect(json["bytes"] == .number("23"))  // {"id":"visitor-123456"}
        #expect(!line.contains("visitor-123456"))
        #expect(!line.contains("secret-token"))
        #expect(!line.contains("203.0.113.9"))
    }

    /// A deferred response is logged once, when it is produced.
    @Test func accessLog_recordsDeferredResponse() async {
        let lines = LineCollector()
        let handler = ServiceFixtures.handler(log: lines.sink)
        let pending = handler.handle(ServiceFixtures.request(.GET, "/v1/slow"))
        #expect(lines.all.isEmpty)
        _ = await pending.resolve()
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains(#""http.status":202"#) == true)
    }

    /// A callback response is wrapped too.
    @Test func callbackResponse_isRecorded() async {
        let metrics = MetricsRegistry(version: "t")
        let context = ServiceFixtures.context(metrics: metrics)
        let groups = [RouteTable.Group(.public) { router, _ in
            router.add(.POST, "/cb") { _ in .callback { respond in respond(HTTPResponse(status: .created)) } }
        }]
        let handler = AppHandler(table: RouteTable(context: context, groups: groups), metrics: metrics, accessLog: AccessLogMiddleware(sink: nil))
        let response = await handler.respond(ServiceFixtures.request(.POST, "/cb"))
        #expect(response.status == .created)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(metrics.render().contains(#"http_requests_total{route="/cb",method="POST",status="201"} 1"#))
    }

    /// The access-log timestamp is RFC 3339 UTC with milliseconds.
    @Test func accessLogTimestamp_isRFC3339() {
        var text = ""
        AccessLogMiddleware.appendTimestamp((1_795_344_855, 123_456), to: &text)
        #expect(text == "2026-11-22T10:54:15.123Z")
        text = ""
        AccessLogMiddleware.appendTimestamp((951_782_400, 0), to: &text)
        #expect(text == "2000-02-29T00:00:00.000Z")
    }

    /// Durations are written in milliseconds with microsecond precision.
    @Test func accessLogDuration_isMilliseconds() {
        let line = AccessLogMiddleware.line(method: .GET, route: "/r", status: 200, nanoseconds: 1_234_567_000, bytes: nil, now: (0, 0))
        #expect(line.contains(#""duration.ms":1234.567,"bytes":null}"#))
    }
}
