/// Writes JSON (RFC 8259) straight into bytes, in the order members are written, so
/// responses have a stable key order. Commas are placed automatically.
///
/// ```swift
/// var json = JSONWriter()
/// json.beginObject(); json.key("status"); json.string("ok"); json.endObject()
/// json.bytes  // {"status":"ok"}
/// ```
struct JSONWriter: Sendable {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The document as a `String` (tests, logs).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes a member name and the colon; the next value call writes its value.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) { separate(); appendQuoted(value); needsComma = true }
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }
    mutating func null() { separate(); bytes.append(contentsOf: "null".utf8); needsComma = true }
    mutating func number(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8); needsComma = true }
    mutating func number(_ value: UInt64) { separate(); bytes.append(contentsOf: String(value).utf8); needsComma = true }
    /// Writes a finite double; NaN and infinities have no JSON form and are written as `null`.
    mutating func number(_ value: Double) {
        guard value.isFinite else { null(); return }
        separate(); bytes.append(contentsOf: value.description.utf8); needsComma = true
    }

    /// Writes one complete, already-encoded JSON value (e.g. the `bytes` of another `JSONWriter`) as the
    /// next value, unchanged: for fragments prepared once and reused by many responses.
    mutating func encoded(_ value: [UInt8]) { separate(); bytes.append(contentsOf: value); needsComma = true }

    /// Writes `value` or `null`.
    mutating func string(_ value: String?) { if let value { string(value) } else { null() } }

    /// Writes a member whose value is a string.
    mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    mutating func member(_ name: String, _ value: Int) { key(name); number(value) }
    mutating func member(_ name: String, _ value: Bool) { key(name); bool(value) }

    /// Writes a parsed value back out (numbers keep their literal text).
    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let text): separate(); bytes.append(contentsOf: text.utf8); needsComma = true
        case .string(let s): string(s)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members { key(member.key); self.value(member.value) }
            endObject()
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal (RFC 8259 §7): `"` and `\` escaped, control characters as `\n`… or `\u00XX`.
    /// U+2028/U+2029 are escaped too, so the output is also safe inside a `<script>` literal.
    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: printable ASCII without `"` or `\` (ids, names, versions) is copied as is.
        let copied = value.utf8.withContiguousStorageIfAvailable { text -> Bool in
            for byte in text where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            bytes.append(contentsOf: text)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": bytes.append(contentsOf: [0x5C, 0x22])
            case "\\": bytes.append(contentsOf: [0x5C, 0x5C])
            case "\n": bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case "\r": bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case "\t": bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case "\u{2028}", "\u{2029}", "\u{7F}":
                appendUnicodeEscape(scalar.value)
            case _ where scalar.value < 0x20:
                appendUnicodeEscape(scalar.value)
            case _ where scalar.isASCII:
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            default:
                if let encoded = UTF8.encode(scalar) { bytes.append(contentsOf: encoded) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendUnicodeEscape(_ value: UInt32) {
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(Self.hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
