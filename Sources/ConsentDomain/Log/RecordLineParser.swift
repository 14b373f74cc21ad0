#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a line is not a canonical record, and where (byte offset within the line).
struct LineParseError: Error, Equatable {
    var offset: Int
    var reason: String
}

/// Where a JSON string's content sits in a line (quotes excluded).
struct TextRange: Equatable {
    var start: Int
    var end: Int
    var hasEscapes: Bool
}

/// A record line checked against the canonical shape written by `RecordLineEncoder`, with
/// its fields as positions into the line, so replay can index a million records without
/// building a `String` for every field.
struct ParsedLine {
    var sequence: UInt64 = 0
    var timeMilliseconds: Int64 = 0
    var consentID = TextRange(start: 0, end: 0, hasEscapes: false)
    var visitorID = TextRange(start: 0, end: 0, hasEscapes: false)
    var action: ConsentAction = .grant
    var choices = ConsentChoices()
    /// Bytes from the `catalogueVersion` value through the `categoryVersions` object: the
    /// interning key of the version set.
    var versionsSpan: Range<Int> = 0..<0
    var catalogueVersion = TextRange(start: 0, end: 0, hasEscapes: false)
    var categoryVersions = CategoryVersionRanges()
    var gpc: TextRange?
    var gpcApplied = false
    var source: TextRange?
    var locale: TextRange?
    var noticeVersion: TextRange?
    var prev = ChainHash.genesis
    /// The line's index keys when worked out ahead by replay's checking threads; `nil`
    /// otherwise (the index then works them out itself).
    var replayKey: ReplayKey?

    /// Parses one line (newline excluded). Only the canonical form is accepted: keys in
    /// order, no whitespace, no duplicate or unknown keys.
    /// - Throws: `LineParseError` naming the first offending byte.
    init(_ line: UnsafeBufferPointer<UInt8>) throws(LineParseError) {
        var p = Cursor(bytes: line)
        try p.literal("{\"seq\":")
        sequence = try p.unsigned()
        try p.literal(",\"time\":\"")
        let timeStart = p.index
        guard p.index + LogTimestamp.textLength <= line.count,
              let ms = LogTimestamp.parse(UnsafeBufferPointer(rebasing: line[timeStart..<(timeStart + LogTimestamp.textLength)]))
        else { throw LineParseError(offset: timeStart, reason: "time is not RFC 3339 UTC with milliseconds") }
        timeMilliseconds = ms
        p.index += LogTimestamp.textLength
        try p.literal("\",\"consentId\":")
        consentID = try p.string()
        guard consentID.end > consentID.start else { throw LineParseError(offset: consentID.start, reason: "empty consentId") }
        try p.literal(",\"visitorId\":")
        visitorID = try p.string()
        try p.literal(",\"action\":\"")
        if p.consume("grant\"") { action = .grant } else if p.consume("withdraw\"") { action = .withdraw } else {
            throw LineParseError(offset: p.index, reason: "action is neither grant nor withdraw")
        }
        try p.literal(",\"choices\":{\"functionality\":")
        choices.functionality = try p.bool()
        try p.literal(",\"analytics\":")
        choices.analytics = try p.bool()
        try p.literal(",\"targeting\":")
        choices.targeting = try p.bool()
        try p.literal("},\"catalogueVersion\":")
        let spanStart = p.index
        catalogueVersion = try p.string()
        try p.literal(",\"categoryVersions\":{")
        var lastCategory = -1
        while !p.consume("}") {
            if lastCategory >= 0 { try p.literal(",") }
            let keyOffset = p.index
            let category: CookieCategory
            if p.consume("\"essential\":") { category = .essential }
            else if p.consume("\"functionality\":") { category = .functionality }
            else if p.consume("\"analytics\":") { category = .analytics }
            else if p.consume("\"targeting\":") { category = .targeting }
            else { throw LineParseError(offset: keyOffset, reason: "unknown category") }
            let order = Self.order(of: category)
            guard order > lastCategory else { throw LineParseError(offset: keyOffset, reason: "repeated or misordered category") }
            lastCategory = order
            categoryVersions.set(category, order: order, try p.string())
        }
        versionsSpan = spanStart..<p.index
        try p.literal(",\"gpc\":")
        gpc = try p.optionalString()
        try p.literal(",\"gpcApplied\":")
        gpcApplied = try p.bool()
        try p.literal(",\"source\":")
        source = try p.optionalString()
        try p.literal(",\"locale\":")
        locale = try p.optionalString()
        try p.literal(",\"noticeVersion\":")
        noticeVersion = try p.optionalString()
        try p.literal(",\"prev\":\"")
        let prevStart = p.index
        guard prevStart + 64 <= line.count, let hash = ChainHash(hex: UnsafeBufferPointer(rebasing: line[prevStart..<(prevStart + 64)]))
        else { throw LineParseError(offset: prevStart, reason: "prev is not 64 lower-case hex digits") }
        prev = hash
        p.index += 64
        try p.literal("\"}")
        guard p.index == line.count else { throw LineParseError(offset: p.index, reason: "bytes after the record") }
    }

    private static func order(of category: CookieCategory) -> Int {
        switch category {
        case .essential: 0
        case .functionality: 1
        case .analytics: 2
        case .targeting: 3
        }
    }

    /// The decoded text of `range` in `line`.
    /// - Throws: `LineParseError` for invalid UTF-8 or a bad escape.
    static func text(_ range: TextRange, in line: UnsafeBufferPointer<UInt8>) throws(LineParseError) -> String {
        let raw = UnsafeBufferPointer(rebasing: line[range.start..<range.end])
        if !range.hasEscapes {
            guard let s = String(validating: raw, as: UTF8.self) else {
                throw LineParseError(offset: range.start, reason: "string is not valid UTF-8")
            }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = range.start
        while i < range.end {
            let b = line[i]
            guard b == 0x5C else { out.append(b); i += 1; continue }
            let e = line[i + 1]
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e); i += 2
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            default:
                // \uXXXX, possibly a surrogate pair (RFC 8259 §7); the cursor checked the hex digits.
                var scalar = hex4(line, i + 2)
                i += 6
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= range.end, line[i] == 0x5C, line[i + 1] == UInt8(ascii: "u") else {
                        throw LineParseError(offset: i, reason: "unpaired surrogate escape")
                    }
                    let low = hex4(line, i + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw LineParseError(offset: i, reason: "unpaired surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let u = Unicode.Scalar(scalar) else { throw LineParseError(offset: i, reason: "unpaired surrogate escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw LineParseError(offset: range.start, reason: "string is not valid UTF-8")
        }
        return s
    }

    private static func hex4(_ line: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = line[k] | 0x20
            v = v << 4 | UInt32(c <= 0x39 ? c - 0x30 : c - 0x61 + 10)
        }
        return v
    }

    static func optionalText(_ range: TextRange?, in line: UnsafeBufferPointer<UInt8>) throws(LineParseError) -> String? {
        guard let range else { return nil }
        return try text(range, in: line)
    }

    /// The full record of this line.
    /// - Throws: `LineParseError` for text that is not valid UTF-8 or an invalid visitor id.
    func makeRecord(line: UnsafeBufferPointer<UInt8>) throws(LineParseError) -> ConsentRecord {
        guard let visitor = VisitorID(rawValue: try Self.text(visitorID, in: line)) else {
            throw LineParseError(offset: visitorID.start, reason: "visitorId is not a valid visitor id")
        }
        var versions: [CookieCategory: String] = [:]
        for (category, range) in categoryVersions.all { versions[category] = try Self.text(range, in: line) }
        let draft = ConsentDraft(
            consentID: try Self.text(consentID, in: line), visitorID: visitor, action: action, choices: choices,
            catalogueVersion: try Self.text(catalogueVersion, in: line), categoryVersions: versions,
            gpcHeader: try Self.optionalText(gpc, in: line), gpcApplied: gpcApplied,
            source: try Self.optionalText(source, in: line), locale: try Self.optionalText(locale, in: line),
            noticeVersion: try Self.optionalText(noticeVersion, in: line))
        return ConsentRecord(sequence: sequence, recordedAt: LogTimestamp.date(milliseconds: timeMilliseconds),
                             draft: draft, prev: prev.hex)
    }
}

/// The per-category version strings of a line, held inline (no array per parsed line).
struct CategoryVersionRanges {
    /// Indexed by category order: essential, functionality, analytics, targeting.
    private var slots: (TextRange?, TextRange?, TextRange?, TextRange?) = (nil, nil, nil, nil)

    mutating func set(_ category: CookieCategory, order: Int, _ range: TextRange) {
        switch order {
        case 0: slots.0 = range
        case 1: slots.1 = range
        case 2: slots.2 = range
        default: slots.3 = range
        }
    }

    /// The categories present, in canonical order.
    var all: [(CookieCategory, TextRange)] {
        var out: [(CookieCategory, TextRange)] = []
        if let r = slots.0 { out.append((.essential, r)) }
        if let r = slots.1 { out.append((.functionality, r)) }
        if let r = slots.2 { out.append((.analytics, r)) }
        if let r = slots.3 { out.append((.targeting, r)) }
        return out
    }
}

/// A read position over one line, with the few JSON productions a record uses.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    mutating func consume(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        let matches = text.withUTF8Buffer { lit in
            for k in 0..<n where bytes[index + k] != lit[k] { return false }
            return true
        }
        if matches { index += n }
        return matches
    }

    mutating func literal(_ text: StaticString) throws(LineParseError) {
        guard consume(text) else { throw LineParseError(offset: index, reason: "expected \(text)") }
    }

    mutating func unsigned() throws(LineParseError) -> UInt64 {
        let start = index
        var v: UInt64 = 0
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !o1, !o2 else { throw LineParseError(offset: start, reason: "number too large") }
            v = s
            index += 1
        }
        guard index > start, !(bytes[start] == 0x30 && index - start > 1) else {
            throw LineParseError(offset: start, reason: "expected an unsigned integer")
        }
        return v
    }

    mutating func bool() throws(LineParseError) -> Bool {
        if consume("true") { return true }
        if consume("false") { return false }
        throw LineParseError(offset: index, reason: "expected true or false")
    }

    mutating func optionalString() throws(LineParseError) -> TextRange? {
        if consume("null") { return nil }
        return try string()
    }

    /// A JSON string (RFC 8259 §7): no raw control bytes, only the defined escapes.
    mutating func string() throws(LineParseError) -> TextRange {
        guard index < bytes.count, bytes[index] == 0x22 else { throw LineParseError(offset: index, reason: "expected a string") }
        index += 1
        let start = index
        var escapes = false
        while index < bytes.count {
            let b = bytes[index]
            if b == 0x22 {
                index += 1
                return TextRange(start: start, end: index - 1, hasEscapes: escapes)
            }
            if b < 0x20 { throw LineParseError(offset: index, reason: "control byte in string") }
            if b == 0x5C {
                escapes = true
                guard index + 1 < bytes.count else { break }
                switch bytes[index + 1] {
                case 0x22, 0x5C, 0x2F, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= bytes.count else { throw LineParseError(offset: index, reason: "bad \\u escape") }
                    for k in (index + 2)..<(index + 6) {
                        let c = bytes[k]
                        guard (0x30...0x39).contains(c) || (0x61...0x66).contains(c) || (0x41...0x46).contains(c) else {
                            throw LineParseError(offset: k, reason: "bad \\u escape")
                        }
                    }
                    index += 6
                default:
                    throw LineParseError(offset: index, reason: "bad escape")
                }
                continue
            }
            index += 1
        }
        throw LineParseError(offset: start, reason: "unterminated string")
    }
}

extension ParsedLine {
    /// Checks every text field the way `makeRecord` decodes it, without building the record: each is
    /// valid UTF-8 (escapes resolved) and the visitor id is a valid `VisitorID`. A line that passes
    /// decodes without error, so exports that render from the line's bytes fail on the same lines
    /// the decoding path fails on.
    /// - Throws: `LineParseError` for the first text that `makeRecord` would reject.
    func checkText(line: UnsafeBufferPointer<UInt8>) throws(LineParseError) {
        guard VisitorID(rawValue: try Self.text(visitorID, in: line)) != nil else {
            throw LineParseError(offset: visitorID.start, reason: "visitorId is not a valid visitor id")
        }
        // The order of `makeRecord`, so both report the same first fault.
        try categoryVersions.forEachRange { (range) throws(LineParseError) in try Self.checkText(range, in: line) }
        try Self.checkText(consentID, in: line)
        try Self.checkText(catalogueVersion, in: line)
        if let gpc { try Self.checkText(gpc, in: line) }
        if let source { try Self.checkText(source, in: line) }
        if let locale { try Self.checkText(locale, in: line) }
        if let noticeVersion { try Self.checkText(noticeVersion, in: line) }
    }

    /// Checks that `range` decodes (see `text(_:in:)`); all-ASCII text without escapes is accepted without building a `String`.
    /// - Throws: `LineParseError` for invalid UTF-8 or a bad escape.
    private static func checkText(_ range: TextRange, in line: UnsafeBufferPointer<UInt8>) throws(LineParseError) {
        if !range.hasEscapes {
            var high: UInt8 = 0
            for i in range.start..<range.end { high |= line[i] }
            if high < 0x80 { return }
        }
        _ = try text(range, in: line)
    }
}

extension CategoryVersionRanges {
    /// Calls `body` with each present version's range, in canonical order (no array built).
    func forEachRange(_ body: (TextRange) throws(LineParseError) -> Void) throws(LineParseError) {
        let (essential, functionality, analytics, targeting) = slots
        if let essential { try body(essential) }
        if let functionality { try body(functionality) }
        if let analytics { try body(analytics) }
        if let targeting { try body(targeting) }
    }
}

/// A text field of a record line (see `RecordLineFields.withText(_:in:_:)`).
public enum RecordLineTextField: Sendable, CaseIterable {
    case consentID, visitorID, catalogueVersion, gpc, source, locale, noticeVersion
}

/// The fields of one canonical record line as positions into its bytes: what an export needs to
/// render a record (CSV) straight from the stored line, without decoding it into a `ConsentRecord`.
/// Only valid together with the bytes it was parsed from.
public struct RecordLineFields: Sendable {
    private let parsed: ParsedLine
    private let lineCount: Int

    /// Parses `line` (newline excluded); `nil` when it is not a canonical record line (see `RecordLineEncoder`).
    /// Text fields are not checked for UTF-8 here: lines from `ConsentLog.readLines(…, checkingText: true)` are.
    public init?(line: UnsafeBufferPointer<UInt8>) {
        do throws(LineParseError) { parsed = try ParsedLine(line) } catch { return nil }
        lineCount = line.count
    }

    /// The fields of a line already parsed into `parsed`; `lineCount` is the line's length in bytes.
    init(parsed: ParsedLine, lineCount: Int) {
        self.parsed = parsed
        self.lineCount = lineCount
    }

    /// The record's `seq`.
    public var sequence: UInt64 { parsed.sequence }
    /// The record's `action`.
    public var action: ConsentAction { parsed.action }
    /// The record's `choices`.
    public var choices: ConsentChoices { parsed.choices }
    /// The record's `gpcApplied`.
    public var gpcApplied: Bool { parsed.gpcApplied }

    /// Where the decimal digits of `seq` are in the line (canonical: no sign, no leading zeros).
    public var sequenceBytes: Range<Int> {
        let start = 7   // {"seq":
        var end = start
        var rest = parsed.sequence
        repeat { end += 1; rest /= 10 } while rest > 0
        return start..<end
    }

    /// Where the record's time (`2026-11-22T10:00:00.123Z`, 24 bytes) is in the line.
    public var timeBytes: Range<Int> {
        let start = sequenceBytes.upperBound + 9   // ,"time":"
        return start..<(start + LogTimestamp.textLength)
    }

    /// Where the 64 lower-case hex digits of `prev` are in the line (the line ends `"prev":"<hex>"}`).
    public var prevBytes: Range<Int> { (lineCount - 66)..<(lineCount - 2) }

    /// Calls `body` with the UTF-8 text of `field` as a `ConsentRecord` would hold it: the line's own
    /// bytes when the JSON string has no escapes, else the decoded text. `body` is not called when the
    /// field is `null`; it receives an empty buffer for text that does not decode (never for a checked line).
    /// - Returns: Whether the field was present (not `null`).
    @discardableResult
    public func withText(_ field: RecordLineTextField, in line: UnsafeBufferPointer<UInt8>,
                         _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        guard let range = range(of: field) else { return false }
        if !range.hasEscapes {
            body(UnsafeBufferPointer(rebasing: line[range.start..<range.end]))
            return true
        }
        var text: String
        do throws(LineParseError) { text = try ParsedLine.text(range, in: line) } catch { text = "" }
        text.withUTF8 { body($0) }
        return true
    }

    private func range(of field: RecordLineTextField) -> TextRange? {
        switch field {
        case .consentID: parsed.consentID
        case .visitorID: parsed.visitorID
        case .catalogueVersion: parsed.catalogueVersion
        case .gpc: parsed.gpc
        case .source: parsed.source
        case .locale: parsed.locale
        case .noticeVersion: parsed.noticeVersion
        }
    }
}
