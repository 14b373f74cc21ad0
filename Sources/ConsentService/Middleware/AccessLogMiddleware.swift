import ConsentDomain
import Glibc
import HTTPLite

/// One JSON line per request on the log sink: time, method, route pattern, status,
/// duration and body bytes. It never records the path (it can hold a visitor id), the
/// query, any header, the peer address or the body.
///
/// The line is encoded straight into bytes — no `String` building, no `Date`, no formatter,
/// no dictionary per request. With a `BufferedLineSink` (production) it is encoded into the
/// calling thread's pending batch, reusing the timestamp text within a millisecond and the fixed
/// middle of the line while method, route and status repeat (`AccessLogMemo`).
struct AccessLogMiddleware: Sendable {
    private enum Destination: Sendable {
        case sink(Logger.Sink)
        case buffer(BufferedLineSink)
    }

    private let destination: Destination?

    /// One `sink` call per line; `nil` disables access logging.
    init(sink: Logger.Sink?) {
        destination = sink.map(Destination.sink)
    }

    /// Lines are encoded into `buffer`'s per-thread batches.
    init(buffer: BufferedLineSink) {
        destination = .buffer(buffer)
    }

    /// Writes the line for one answered request.
    /// - Parameters:
    ///   - route: the route pattern, or `MetricsRegistry.unmatchedRoute`.
    ///   - nanoseconds: from dispatch until the response was produced.
    ///   - bytes: body bytes, or `nil` for streamed bodies (length unknown when the response starts).
    func record(method: HTTPMethod, route: String, status: Int, nanoseconds: Int64, bytes: Int?) {
        switch destination {
        case nil:
            return
        case .sink(let sink):
            sink(Self.line(method: method, route: route, status: status, nanoseconds: nanoseconds, bytes: bytes, now: Self.realTime()))
        case .buffer(let buffer):
            let now = Self.realTime()
            let millisecond = Self.epochMilliseconds(now)
            buffer.append { shard in
                shard.accessLogMemo.update(millisecond: millisecond, method: method, route: route, status: status)
                Self.appendLiteral(#"{"time":""#, to: &shard.bytes)
                shard.bytes.append(contentsOf: shard.accessLogMemo.timestamp)
                shard.bytes.append(contentsOf: shard.accessLogMemo.middle)
                Self.encodeTail(nanoseconds: nanoseconds, bytes: bytes, into: &shard.bytes)
            }
        }
    }

    /// The JSON line (without newline) for the given values; `now` is (seconds, microseconds) since the epoch.
    static func line(method: HTTPMethod, route: String, status: Int, nanoseconds: Int64, bytes: Int?, now: (Int, Int)) -> String {
        var timestamp: [UInt8] = []
        timestamp.reserveCapacity(CivilDate.timestampLength)
        CivilDate.appendTimestamp(milliseconds: epochMilliseconds(now), to: &timestamp)
        var out: [UInt8] = []
        out.reserveCapacity(200)
        encode(method: method, route: route, status: status, nanoseconds: nanoseconds, bytes: bytes, timestamp: timestamp, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON line (without newline) to `out`; `timestamp` is the RFC 3339 text.
    static func encode(method: HTTPMethod, route: String, status: Int, nanoseconds: Int64, bytes: Int?,
                       timestamp: [UInt8], into out: inout [UInt8]) {
        appendLiteral(#"{"time":""#, to: &out)
        out.append(contentsOf: timestamp)
        encodeMiddle(method: method, route: route, status: status, into: &out)
        encodeTail(nanoseconds: nanoseconds, bytes: bytes, into: &out)
    }

    /// The part of the line fixed by method, route and status: from the quote closing the time to
    /// `"duration.ms":`.
    static func encodeMiddle(method: HTTPMethod, route: String, status: Int, into out: inout [UInt8]) {
        appendLiteral(#"","level":"info","logger":"access","msg":"request","http.method":"#, to: &out)
        appendQuoted(method.rawValue, maxBytes: 32, to: &out)
        appendLiteral(#","http.route":"#, to: &out)
        appendQuoted(route, maxBytes: Int.max, to: &out)
        appendLiteral(#","http.status":"#, to: &out)
        appendDecimal(status, to: &out)
        appendLiteral(#","duration.ms":"#, to: &out)
    }

    /// The duration value (milliseconds, three decimals), the body bytes and the closing brace.
    static func encodeTail(nanoseconds: Int64, bytes: Int?, into out: inout [UInt8]) {
        let micros = Int(max(0, nanoseconds) / 1_000)
        appendDecimal(micros / 1_000, to: &out)
        out.append(UInt8(ascii: "."))
        let fraction = micros % 1_000
        out.append(UInt8(0x30 + fraction / 100))
        out.append(UInt8(0x30 + fraction / 10 % 10))
        out.append(UInt8(0x30 + fraction % 10))
        appendLiteral(#","bytes":"#, to: &out)
        if let bytes { appendDecimal(bytes, to: &out) } else { appendLiteral("null", to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a compile-time constant's bytes (one copy, no per-character iteration).
    @inline(__always)
    static func appendLiteral(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// A JSON string literal of `text`'s first `maxBytes` UTF-8 bytes (RFC 8259 §7: quote, backslash
    /// and control bytes escaped). Text needing no escapes (route patterns, methods) is copied at once.
    static func appendQuoted(_ text: String, maxBytes: Int, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            let bytes = UnsafeBufferPointer(rebasing: utf8.prefix(maxBytes))
            out.append(UInt8(ascii: "\""))
            if bytes.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
            } else {
                appendEscaped(bytes, to: &out)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// `bytes` with quote, backslash and control bytes escaped (no surrounding quotes).
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
    }

    /// Appends `value` in decimal (with a leading `-` when negative).
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(0x30 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(raw[index]) }
        }
    }

    /// `(seconds, microseconds)` since the Unix epoch from `CLOCK_REALTIME`.
    static func realTime() -> (Int, Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int(spec.tv_sec), Int(spec.tv_nsec) / 1_000)
    }

    /// Milliseconds since the epoch for `now` = (seconds, microseconds), with the seconds clamped
    /// well inside `Int64` milliseconds (`CivilDate` clamps further, to years 0000…9999).
    static func epochMilliseconds(_ now: (Int, Int)) -> Int64 {
        let seconds = Int64(min(max(now.0, -1_000_000_000_000_000), 1_000_000_000_000_000))
        return seconds * 1_000 + Int64(now.1 / 1_000)
    }

    /// RFC 3339 UTC with milliseconds (`2026-11-22T10:00:00.123Z`), computed arithmetically
    /// (`CivilDate`) so no locale or formatter is involved. `now` is (seconds, microseconds).
    static func appendTimestamp(_ now: (Int, Int), to line: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(CivilDate.timestampLength)
        CivilDate.appendTimestamp(milliseconds: epochMilliseconds(now), to: &bytes)
        line += String(decoding: bytes, as: UTF8.self)
    }
}

/// What one thread last wrote to the access log, kept with its `BufferedLineSink` shard so
/// consecutive lines reuse the timestamp text (same millisecond) and the fixed middle of the
/// line (same method, route and status) instead of encoding them again.
struct AccessLogMemo {
    private(set) var timestamp: [UInt8] = []
    private(set) var middle: [UInt8] = []
    private var millisecond = Int64.min
    private var method = HTTPMethod(rawValue: "")
    private var route = ""
    private var status = Int.min

    /// Re-encodes the parts whose inputs changed.
    mutating func update(millisecond: Int64, method: HTTPMethod, route: String, status: Int) {
        if millisecond != self.millisecond {
            self.millisecond = millisecond
            timestamp.removeAll(keepingCapacity: true)
            CivilDate.appendTimestamp(milliseconds: millisecond, to: &timestamp)
        }
        if status != self.status || route != self.route || method != self.method {
            (self.method, self.route, self.status) = (method, route, status)
            middle.removeAll(keepingCapacity: true)
            AccessLogMiddleware.encodeMiddle(method: method, route: route, status: status, into: &middle)
        }
    }
}
