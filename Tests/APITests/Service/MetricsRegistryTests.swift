import Dispatch
import HTTPLite
import Testing
@testable import ConsentService

@Suite struct MetricsRegistryTests {
    private func lines(_ registry: MetricsRegistry) -> [String] {
        registry.render().split(separator: "\n").map(String.init)
    }

    /// Every family has HELP and TYPE lines with the right type.
    @Test func families_haveHelpAndType() {
        let text = MetricsRegistry(version: "1.0").render()
        for (name, type) in [("http_requests_total", "counter"), ("http_request_duration_seconds", "histogram"),
                             ("http_open_connections", "gauge"), ("consent_appends_total", "counter"),
                             ("consent_log_fsync_duration_seconds", "histogram"), ("consent_log_batch_size", "histogram"),
                             ("consent_visitors_indexed", "gauge"), ("consent_service_build_info", "gauge")] {
            #expect(text.contains("# HELP \(name) "))
            #expect(text.contains("# TYPE \(name) \(type)\n"))
        }
    }

    /// Requests are counted by route pattern, method and status.
    @Test func requests_areCountedByRouteMethodStatus() {
        let registry = MetricsRegistry(version: "1.0")
        registry.recordRequest(route: "/v1/cookies/{id}", method: .GET, status: 200, nanoseconds: 2_000_000)
        registry.recordRequest(route: "/v1/cookies/{id}", method: .GET, status: 200, nanoseconds: 3_000_000)
        registry.recordRequest(route: "/v1/cookies/{id}", method: .GET, status: 404, nanoseconds: 1_000_000)
        let text = lines(registry)
        #expect(text.contains(#"http_requests_total{route="/v1/cookies/{id}",method="GET",status="200"} 2"#))
        #expect(text.contains(#"http_requests_total{route="/v1/cookies/{id}",method="GET",status="404"} 1"#))
    }

    /// Client-chosen methods outside the known set are folded into OTHER (bounded cardinality).
    @Test func unknownMethods_areFoldedIntoOther() {
        let registry = MetricsRegistry(version: "1.0")
        registry.recordRequest(route: "unmatched", method: HTTPMethod(rawValue: "BREW"), status: 404, nanoseconds: 0)
        #expect(lines(registry).contains(#"http_requests_total{route="unmatched",method="OTHER",status="404"} 1"#))
        #expect(!registry.render().contains("BREW"))
    }

    /// Histogram buckets are cumulative and end with +Inf equal to the count, with _sum and _count.
    @Test func histogram_bucketsAreCumulative() {
        let registry = MetricsRegistry(version: "1.0")
        registry.recordRequest(route: "/r", method: .GET, status: 200, nanoseconds: 300_000)
        registry.recordRequest(route: "/r", method: .GET, status: 200, nanoseconds: 20_000_000)
        registry.recordRequest(route: "/r", method: .GET, status: 200, nanoseconds: 30_000_000_000)
        let text = lines(registry)
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="0.0005"} 1"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="0.025"} 2"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="10"} 2"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="+Inf"} 3"#))
        #expect(text.contains(#"http_request_duration_seconds_count{route="/r"} 3"#))
        #expect(text.contains(#"http_request_duration_seconds_sum{route="/r"} 30.0203"#))
    }

    /// Requests recorded on many threads at once (each into its own shard) are all counted once rendered.
    @Test func requestsFromManyThreads_areMergedWhenRendered() {
        let registry = MetricsRegistry(version: "1.0")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<500 {
                registry.recordRequest(route: "/r", method: .GET, status: i % 2 == 0 ? 200 : 304, nanoseconds: Int64(worker + 1) * 1_000_000)
            }
        }
        let text = lines(registry)
        #expect(text.contains(#"http_requests_total{route="/r",method="GET",status="200"} 2000"#))
        #expect(text.contains(#"http_requests_total{route="/r",method="GET",status="304"} 2000"#))
        #expect(text.contains(#"http_request_duration_seconds_count{route="/r"} 4000"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="0.0025"} 1000"#))
    }

    /// Appends, group commits, visitors and open connections are exported.
    @Test func logMetricsAndGauges_areExported() {
        let registry = MetricsRegistry(version: "1.0")
        registry.recordAppend(.ok)
        registry.recordAppend(.ok)
        registry.recordAppend(.failed)
        registry.recordGroupCommit(fsyncSeconds: 0.002, batchSize: 7)
        registry.setVisitorsIndexed(42)
        registry.setOpenConnectionsSource { 5 }
        let text = lines(registry)
        #expect(text.contains(#"consent_appends_total{result="ok"} 2"#))
        #expect(text.contains(#"consent_appends_total{result="failed"} 1"#))
        #expect(text.contains(#"consent_appends_total{result="rejected"} 0"#))
        #expect(text.contains(#"consent_log_batch_size_bucket{le="8"} 1"#))
        #expect(text.contains(#"consent_log_batch_size_bucket{le="4"} 0"#))
        #expect(text.contains("consent_log_fsync_duration_seconds_count 1"))
        #expect(text.contains("consent_visitors_indexed 42"))
        #expect(text.contains("http_open_connections 5"))
        #expect(text.contains(#"consent_service_build_info{version="1.0"} 1"#))
    }

    /// Label values escape backslash, quote and newline.
    @Test func labelValues_areEscaped() {
        #expect(MetricsText.labels([("route", "a\\b\"c\nd")]) == #"{route="a\\b\"c\nd"}"#)
    }

    /// Sample values print integers without a fraction and keep fractions otherwise.
    @Test func numbers_areFormatted() {
        #expect(MetricsText.number(3) == "3")
        #expect(MetricsText.number(0.25) == "0.25")
        #expect(MetricsText.number(.infinity) == "+Inf")
    }

    /// The text ends with a newline and has no blank lines (exposition format 0.0.4).
    @Test func text_isLineTerminatedWithoutBlankLines() {
        let registry = MetricsRegistry(version: "1.0")
        registry.recordRequest(route: "/r", method: .GET, status: 200, nanoseconds: 0)
        let text = registry.render()
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains("\n\n"))
    }
}
