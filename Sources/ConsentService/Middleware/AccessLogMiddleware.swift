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
    /// (days → civil date, H. Hinnant's algorithm) so no locale or formatter is involved.
    static func appendTimestamp(_ now: (Int, Int), to line: inout String) {
        let seconds = now.0
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        pad(year, 4, &line); line += "-"
        pad(month, 2, &line); line += "-"
        pad(day, 2, &line); line += "T"
        pad(secondOfDay / 3_600, 2, &line); line += ":"
        pad(secondOfDay % 3_600 / 60, 2, &line); line += ":"
        pad(secondOfDay % 60, 2, &line); line += "."
        pad(now.1 / 1_000, 3, &line); line += "Z"
    }

    private static func pad(_ value: Int, _ width: Int, _ line: inout String) {
        let digits = String(value)
        if digits.count < width { line += String(repeating: "0", count: width - digits.count) }
        line += digits
    }
}
