import Glibc

/// A small value-type structured logger: a constant message plus dotted metadata keys,
/// written as one JSON object per line to an injected sink (stderr by default).
public struct Logger: Sendable {
    public enum Level: Int, Comparable, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var name: String { "\(self)" }
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }
    }
    public typealias Metadata = [String: String]
    public typealias Sink = @Sendable (String) -> Void

    public var label: String
    public var level: Level
    public var metadata: Metadata
    private let sink: Sink

    public init(label: String, level: Level = .info, metadata: Metadata = [:], sink: @escaping Sink = Logger.standardError) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String, metadata extra: @autoclosure () -> Metadata = [:]) {
        guard level >= self.level else { return }
        var line = "{\"time\":\"\(Self.timestamp())\",\"level\":\"\(level.name)\",\"logger\":\(Self.quote(label)),\"msg\":\(Self.quote(message()))"
        let merged = metadata.merging(extra()) { _, new in new }
        for key in merged.keys.sorted() {
            line += ",\(Self.quote(key)):\(Self.quote(merged[key]!))"
        }
        line += "}"
        sink(line)
    }

    public func trace(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.trace, m(), metadata: metadata()) }
    public func debug(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.debug, m(), metadata: metadata()) }
    public func info(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.info, m(), metadata: metadata()) }
    public func notice(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.notice, m(), metadata: metadata()) }
    public func warning(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.warning, m(), metadata: metadata()) }
    public func error(_ m: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) { log(.error, m(), metadata: metadata()) }

    /// Writes `line` plus a newline to stderr in one `write`.
    public static let standardError: Sink = { line in
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in _ = Glibc.write(2, raw.baseAddress, raw.count) }
    }

    /// Discards everything (tests).
    public static let discard: Sink = { _ in }

    /// Now as RFC 3339 UTC with milliseconds (`2026-11-22T10:00:00.123Z`), from `gmtime_r`.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var seconds = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDigits(Int(parts.tm_year) + 1900, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mon) + 1, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mday), width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(Int(parts.tm_hour), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_min), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_sec), width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(Int(tv.tv_usec) / 1_000, width: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the low `width` decimal digits of `value` (≥ 0), zero-padded.
    static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        let value = max(0, value)
        while divisor > 0 {
            out.append(UInt8(0x30 + value / divisor % 10))
            divisor /= 10
        }
    }

    /// A JSON string literal for `s` (RFC 8259 §7 escaping).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
                out += "\\u00"
                out.append(hex[Int(scalar.value >> 4)])
                out.append(hex[Int(scalar.value & 0xF)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
