import HTTPLite
import Synchronization

/// The service's metrics: counters, histograms and gauges, rendered as Prometheus text 0.0.4.
/// Request counts and latencies are kept per thread (`ThreadSlots`, one shard behind its own
/// `Mutex` each, merged when rendered), so the event loops never contend for a lock; the rest
/// sits behind one `Mutex`. Labels are bounded by construction: route patterns (never paths),
/// a fixed method set, status codes and append results. No visitor ids or tokens.
final class MetricsRegistry: Sendable {
    /// How an append to the consent log ended (`consent_appends_total{result}`).
    enum AppendResult: String, Sendable, CaseIterable {
        case ok, replayed, rejected, failed
    }

    /// The `route` label of requests that matched no route.
    static let unmatchedRoute = "unmatched"

    /// One route's request counts by (method, status) and its latency histogram: one dictionary
    /// lookup per request, then a short linear search (a route sees few method/status pairs).
    private struct RouteStats {
        var counts: [(method: String, status: Int, count: UInt64)] = []
        var durations = Histogram(bounds: Histogram.latencySeconds)

        mutating func record(method: String, status: Int, seconds: Double) {
            durations.observe(seconds)
            for index in counts.indices where counts[index].status == status && counts[index].method == method {
                counts[index].count += 1
                return
            }
            counts.append((method, status, 1))
        }

        /// Adds `other`'s counts and latencies to these.
        mutating func merge(_ other: RouteStats) {
            durations.merge(other.durations)
            for entry in other.counts {
                if let index = counts.firstIndex(where: { $0.status == entry.status && $0.method == entry.method }) {
                    counts[index].count += entry.count
                } else {
                    counts.append(entry)
                }
            }
        }
    }

    /// One thread's request statistics by route pattern (a class, since `Mutex` cannot sit in an array).
    private final class RequestShard: Sendable {
        let routes = Mutex<[String: RouteStats]>([:])
    }

    /// Request shards; a thread records into shard `slot % requestShardCount`. Sixteen covers the
    /// event loops plus the cooperative pool here; more threads share shards (still correct).
    private static let requestShardCount = 16

    private struct State {
        var fsync = Histogram(bounds: Histogram.fsyncSeconds)
        var batchSizes = Histogram(bounds: Histogram.batchSizes)
        var visitorsIndexed = 0
    }

    private let state = Mutex(State())
    /// `consent_appends_total` by result.
    private let appendsOK = Atomic<UInt64>(0), appendsReplayed = Atomic<UInt64>(0)
    private let appendsRejected = Atomic<UInt64>(0), appendsFailed = Atomic<UInt64>(0)
    private let requestShards: [RequestShard] = (0..<requestShardCount).map { _ in RequestShard() }
    private let slots = ThreadSlots()
    private let openConnectionsSource = Mutex<(@Sendable () -> Int)?>(nil)
    private let version: String

    /// - Parameter version: the build version, exported as `consent_service_build_info{version}`.
    init(version: String) {
        self.version = version
    }

    /// The `method` label: the method for GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS, else
    /// `OTHER` (clients choose methods, labels must stay bounded).
    private static func methodLabel(_ method: HTTPMethod) -> String {
        switch method {
        case .GET, .HEAD, .POST, .PUT, .PATCH, .DELETE, .OPTIONS: method.rawValue
        default: "OTHER"
        }
    }

    /// Counts one answered request and its latency.
    /// - Parameters:
    ///   - route: the matched route pattern (`/v1/cookies/{id}`) or `unmatchedRoute`.
    ///   - nanoseconds: time from dispatch to the response being produced.
    func recordRequest(route: String, method: HTTPMethod, status: Int, nanoseconds: Int64) {
        let methodLabel = Self.methodLabel(method)
        let seconds = Double(nanoseconds) / 1e9
        requestShards[slots.current() % Self.requestShardCount].routes.withLock { routes in
            routes[route, default: RouteStats()].record(method: methodLabel, status: status, seconds: seconds)
        }
    }

    /// Counts one consent-log append by outcome.
    func recordAppend(_ result: AppendResult) {
        // One atomic add (called per record on the log's writer thread): no lock, no dictionary.
        switch result {
        case .ok: appendsOK.add(1, ordering: .relaxed)
        case .replayed: appendsReplayed.add(1, ordering: .relaxed)
        case .rejected: appendsRejected.add(1, ordering: .relaxed)
        case .failed: appendsFailed.add(1, ordering: .relaxed)
        }
    }

    /// Appends counted with `result` so far.
    private func appendCount(_ result: AppendResult) -> UInt64 {
        switch result {
        case .ok: appendsOK.load(ordering: .relaxed)
        case .replayed: appendsReplayed.load(ordering: .relaxed)
        case .rejected: appendsRejected.load(ordering: .relaxed)
        case .failed: appendsFailed.load(ordering: .relaxed)
        }
    }

    /// Records one `fdatasync` latency (seconds, as `LogOptions.onGroupCommit` reports it) and the
    /// number of records it made durable.
    func recordGroupCommit(fsyncSeconds: Double, batchSize: Int) {
        state.withLock { state in
            state.fsync.observe(fsyncSeconds)
            state.batchSizes.observe(Double(batchSize))
        }
    }

    /// Sets the number of visitors in the consent index.
    func setVisitorsIndexed(_ count: Int) {
        state.withLock { $0.visitorsIndexed = count }
    }

    /// Where `http_open_connections` is read at scrape time (the lead wires `HTTPServer.openConnections`).
    func setOpenConnectionsSource(_ source: @escaping @Sendable () -> Int) {
        openConnectionsSource.withLock { $0 = source }
    }

    /// The exposition text; series are sorted so output is stable.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var merged: [String: RouteStats] = [:]
        for shard in requestShards {
            for (route, stats) in shard.routes.withLock({ $0 }) { merged[route, default: RouteStats()].merge(stats) }
        }
        let openConnections = openConnectionsSource.withLock { $0 }.map { $0() } ?? 0
        var out = ""
        out.reserveCapacity(4_096)

        MetricsText.header("http_requests_total", type: "counter", help: "HTTP requests answered, by route pattern, method and status.", into: &out)
        let routes = merged.sorted(by: { $0.key < $1.key })
        for (route, stats) in routes {
            for entry in stats.counts.sorted(by: { ($0.method, $0.status) < ($1.method, $1.status) }) {
                out += "http_requests_total\(MetricsText.labels([("route", route), ("method", entry.method), ("status", String(entry.status))])) \(entry.count)\n"
            }
        }

        MetricsText.header("http_request_duration_seconds", type: "histogram", help: "Time to produce a response, by route pattern.", into: &out)
        for (route, stats) in routes {
            MetricsText.histogram("http_request_duration_seconds", labels: [("route", route)], stats.durations, into: &out)
        }

        MetricsText.header("http_open_connections", type: "gauge", help: "Client connections currently open.", into: &out)
        out += "http_open_connections \(openConnections)\n"

        MetricsText.header("consent_appends_total", type: "counter", help: "Consent log appends, by result.", into: &out)
        for result in AppendResult.allCases {
            out += "consent_appends_total\(MetricsText.labels([("result", result.rawValue)])) \(appendCount(result))\n"
        }

        MetricsText.header("consent_log_fsync_duration_seconds", type: "histogram", help: "Latency of each consent log fdatasync.", into: &out)
        MetricsText.histogram("consent_log_fsync_duration_seconds", labels: [], snapshot.fsync, into: &out)

        MetricsText.header("consent_log_batch_size", type: "histogram", help: "Records made durable by one group commit.", into: &out)
        MetricsText.histogram("consent_log_batch_size", labels: [], snapshot.batchSizes, into: &out)

        MetricsText.header("consent_visitors_indexed", type: "gauge", help: "Visitors in the consent index.", into: &out)
        out += "consent_visitors_indexed \(snapshot.visitorsIndexed)\n"

        MetricsText.header("consent_service_build_info", type: "gauge", help: "Build information; the value is always 1.", into: &out)
        out += "consent_service_build_info\(MetricsText.labels([("version", version)])) 1\n"
        return out
    }
}
