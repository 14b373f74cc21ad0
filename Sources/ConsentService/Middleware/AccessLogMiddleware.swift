import ConsentDomain
import Glibc
import HTTPLite

/// One JSON line per request on the log sink: time, method, route pattern, status,
/// duration and body bytes. It never records the path (it can hold a visitor id), the
/// query, any header, the peer address or the body.
///
/// The line is built by hand into one byte buffer and written once: no `Date`, no
/// `DateFormatter`, no dictionary per request.
struct AccessLogMiddleware: Sendable {
    /// Where lines go (stderr in production); `nil` disables access logging.
    let sink: Logger.Sink?

    init(sink: Logger.Sink?) {
        self.sink = sink
    }

    /// Writes the line for one answered request.
    /// - Parameters:
    ///   - route: the route pattern, or `MetricsRegistry.unmatchedRoute`.
    ///   - duration: from dispatch until the response was produced.
    ///   - bytes: body bytes, or `nil` for streamed bodies (length unknown when the response starts).
    func record(method: HTTPMethod, route: String, status: Int, duration: Duration, bytes: Int?) {
        guard let sink else { return }
        sink(Self.line(method: method, route: route, status: status, duration: duration, bytes: bytes, now: Self.realTime()))
    }

    /// The JSON line (without newline) for the given values; `now` is (seconds, microseconds) since the epoch.
    static func line(method: HTTPMethod, route: String, status: Int, duration: Duration, bytes: Int?, now: (Int, Int)) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        var line = "{\"time\":\""
        line.reserveCapacity(200)
        appendTimestamp(now, to: &line)
        line += "\",\"level\":\"info\",\"logger\":\"access\",\"msg\":\"request\",\"http.method\":"
        line += Logger.quote(String(method.rawValue.prefix(32)))
        line += ",\"http.route\":"
        line += Logger.quote(route)
        line += ",\"http.status\":"
        line += String(status)
        line += ",\"duration.ms\":"
        line += String(micros / 1_000)
        line += "."
        let fraction = micros % 1_000
        line += fraction < 10 ? "00" : (fraction < 100 ? "0" : "")
        line += String(fraction)
        line += ",\"bytes\":"
        line += bytes.map(String.init) ?? "null"
        line += "}"
        return line
    }

    /// `(seconds, microseconds)` since the Unix epoch from `CLOCK_REALTIME`.
    static func realTime() -> (Int, Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int(spec.tv_sec), Int(spec.tv_nsec) / 1_000)
    }

    /// RFC 3339 UTC with milliseconds (`2026-11-22T10:00:00.123Z`), computed arithmetically
    /// (`CivilDate`) so no locale or formatter is involved. `now` is (seconds, microseconds).
    static func appendTimestamp(_ now: (Int, Int), to line: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(CivilDate.timestampLength)
        // Seconds are clamped well inside Int64 milliseconds; CivilDate clamps to years 0000…9999.
        let seconds = Int64(min(max(now.0, -1_000_000_000_000_000), 1_000_000_000_000_000))
        CivilDate.appendTimestamp(milliseconds: seconds * 1_000 + Int64(now.1 / 1_000), to: &bytes)
        line += String(decoding: bytes, as: UTF8.self)
    }
}
