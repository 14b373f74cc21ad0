/// Helpers for the Prometheus text exposition format 0.0.4.
enum MetricsText {
    /// The `Content-Type` of `/metrics`.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A label value with `\`, `"` and newline escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// `{a="x",b="y"}` from ordered pairs (empty string for none).
    static func labels(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A sample value: integers without a fraction, others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// The `# HELP` and `# TYPE` lines of a family.
    static func header(_ name: String, type: String, help: String, into out: inout String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    /// `_bucket`, `_sum` and `_count` lines of one histogram series.
    static func histogram(_ name: String, labels: [(String, String)], _ histogram: Histogram, into out: inout String) {
        for bucket in histogram.cumulativeBuckets {
            out += "\(name)_bucket\(self.labels(labels + [("le", bucket.le)])) \(bucket.count)\n"
        }
        out += "\(name)_sum\(self.labels(labels)) \(number(histogram.sum))\n"
        out += "\(name)_count\(self.labels(labels)) \(histogram.count)\n"
    }
}
