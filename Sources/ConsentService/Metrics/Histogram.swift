/// Cumulative-bucket histogram state (Prometheus semantics: `le` upper bounds, `+Inf` implied).
struct Histogram: Sendable, Equatable {
    /// Upper bounds, ascending.
    let bounds: [Double]
    /// Observations per bucket (not cumulative); the last slot is `+Inf`.
    private(set) var counts: [UInt64]
    private(set) var sum: Double = 0
    private(set) var count: UInt64 = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count + 1)
    }

    mutating func observe(_ value: Double) {
        var slot = bounds.count
        for (index, bound) in bounds.enumerated() where value <= bound {
            slot = index
            break
        }
        counts[slot] += 1
        sum += value
        count += 1
    }

    /// Adds `other`'s observations (same bounds) to these.
    mutating func merge(_ other: Histogram) {
        precondition(other.bounds == bounds, "histograms with different bounds")
        for index in counts.indices { counts[index] += other.counts[index] }
        sum += other.sum
        count += other.count
    }

    /// `(le, cumulative count)` pairs including `+Inf`.
    var cumulativeBuckets: [(le: String, count: UInt64)] {
        var running: UInt64 = 0
        var result: [(le: String, count: UInt64)] = []
        for (index, bound) in bounds.enumerated() {
            running += counts[index]
            result.append((MetricsText.number(bound), running))
        }
        result.append(("+Inf", running + counts[bounds.count]))
        return result
    }

    /// Latency buckets, in seconds: 0.5 ms … 10 s.
    static let latencySeconds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Fsync buckets, in seconds: 0.1 ms … 1 s.
    static let fsyncSeconds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]
    /// Group-commit batch sizes, in records.
    static let batchSizes: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024]
}
