import Testing
@testable import ConsentService

@Suite struct HealthcheckTests {
    /// URLs parse into host, port and path, with defaults for port and path.
    @Test func url_parses() {
        #expect(HealthcheckTarget(url: "http://127.0.0.1:8080/healthz") == HealthcheckTarget(host: "127.0.0.1", port: 8080, path: "/healthz"))
        #expect(HealthcheckTarget(url: "http://localhost") == HealthcheckTarget(host: "localhost", port: 80, path: "/healthz"))
        #expect(HealthcheckTarget(url: "http://[::1]/readyz") == HealthcheckTarget(host: "::1", port: 80, path: "/readyz"))
    }

    /// Anything but plain http with a literal host and a valid port is refused.
    @Test(arguments: ["https://127.0.0.1/", "http://", "http://example.com/", "http://127.0.0.1:0/", "http://127.0.0.1:99999/",
                      "http://[::1/", "http://127.0.0.1/a b", "127.0.0.1:8080"])
    func badURL_isRefused(url: String) {
        #expect(HealthcheckTarget(url: url) == nil)
    }

    /// The status code is read from an HTTP/1.x status line only.
    @Test func statusLine_isParsed() {
        #expect(HealthcheckClient.statusCode(in: Array("HTTP/1.1 200 OK\r\n".utf8)) == 200)
        #expect(HealthcheckClient.statusCode(in: Array("HTTP/1.0 503 Service Unavailable\r\n".utf8)) == 503)
        #expect(HealthcheckClient.statusCode(in: Array("HTTP/2 200\r\n".utf8)) == nil)
        #expect(HealthcheckClient.statusCode(in: Array("garbage".utf8)) == nil)
        #expect(HealthcheckClient.statusCode(in: []) == nil)
    }

    /// Probing a port nobody listens on fails rather than hanging or crashing.
    @Test func probe_failsWhenNothingListens() {
        let outcome = HealthcheckClient(target: HealthcheckTarget(host: "127.0.0.1", port: 1, path: "/healthz")).probe()
        #expect(!outcome.isHealthy)
    }
}
