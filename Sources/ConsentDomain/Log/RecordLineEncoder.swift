/// Writes a record as its canonical log line: one JSON object, keys always in this order,
/// no spaces, strings escaped minimally (`"`, `\`, and control bytes), absent optionals as
/// `null`, categories in canonical order:
///
/// `{"seq":1,"time":"2026-11-22T04:24:34.123Z","consentId":"…","visitorId":"…","action":"grant",`
/// `"choices":{"functionality":true,"analytics":false,"targeting":false},"catalogueVersion":"…",`
/// `"categoryVersions":{"essential":"…",…},"gpc":"1","gpcApplied":true,"source":null,`
/// `"locale":"de-DE","noticeVersion":null,"prev":"<64 hex>"}`
///
/// `prev` is the lower-case hex SHA-256 of the previous line's bytes **without** its
/// trailing newline; the first record of a log has `ChainHash.genesis` (64 zeros).
enum RecordLineEncoder {
    /// The parts of a line that repeat from record to record, kept encoded: the time (every record of
    /// a group commit has the same) and the catalogue and per-category versions (the same for every
    /// record under one catalogue). The bytes are exactly those the parts would encode to.
    struct Memo {
        fileprivate var timeMilliseconds: Int64?
        fileprivate var time: [UInt8] = []
        fileprivate var catalogueVersion: String?
        fileprivate var categoryVersions: [CookieCategory: String] = [:]
        /// `"<catalogueVersion>","categoryVersions":{…}`.
        fileprivate var versions: [UInt8] = []

        init() {}
    }

    /// Appends the line for the given fields to `out` (no trailing newline).
    static func append(sequence: UInt64, timeMilliseconds: Int64, draft: ConsentDraft, prev: ChainHash,
                       to out: inout [UInt8]) {
        var memo = Memo()
        append(sequence: sequence, timeMilliseconds: timeMilliseconds, draft: draft, prev: prev, to: &out, memo: &memo)
    }

    /// As `append(sequence:timeMilliseconds:draft:prev:to:)`, reusing the parts `memo` holds when they
    /// match (and keeping the new ones in it): the same bytes, with less work for a batch of records.
    static func append(sequence: UInt64, timeMilliseconds: Int64, draft: ConsentDraft, prev: ChainHash,
                       to out: inout [UInt8], memo: inout Memo) {
        appendLiteral("{\"seq\":", &out)
        appendUnsigned(sequence, &out)
        appendLiteral(",\"time\":\"", &out)
        if memo.timeMilliseconds != timeMilliseconds {
            memo.time.removeAll(keepingCapacity: true)
            LogTimestamp.append(timeMilliseconds, to: &memo.time)
            memo.timeMilliseconds = timeMilliseconds
        }
        out.append(contentsOf: memo.time)
        appendLiteral("\",\"consentId\":", &out)
        appendString(draft.consentID, &out)
        appendLiteral(",\"visitorId\":", &out)
        appendString(draft.visitorID.rawValue, &out)
        appendLiteral(draft.action == .grant ? ",\"action\":\"grant\"" : ",\"action\":\"withdraw\"", &out)
        appendLiteral(",\"choices\":{\"functionality\":", &out)
        appendBool(draft.choices.functionality, &out)
        appendLiteral(",\"analytics\":", &out)
        appendBool(draft.choices.analytics, &out)
        appendLiteral(",\"targeting\":", &out)
        appendBool(draft.choices.targeting, &out)
        appendLiteral("},\"catalogueVersion\":", &out)
        if memo.catalogueVersion != draft.catalogueVersion || memo.categoryVersions != draft.categoryVersions {
            memo.versions.removeAll(keepingCapacity: true)
            appendVersions(of: draft, to: &memo.versions)
            memo.catalogueVersion = draft.catalogueVersion
            memo.categoryVersions = draft.categoryVersions
        }
        out.append(contentsOf: memo.versions)
        appendLiteral(",\"gpc\":", &out)
        appendOptionalString(draft.gpcHeader, &out)
        appendLiteral(",\"gpcApplied\":", &out)
        appendBool(draft.gpcApplied, &out)
        appendLiteral(",\"source\":", &out)
        appendOptionalString(draft.source, &out)
        appendLiteral(",\"locale\":", &out)
        appendOptionalString(draft.locale, &out)
        appendLiteral(",\"noticeVersion\":", &out)
        appendOptionalString(draft.noticeVersion, &out)
        appendLiteral(",\"prev\":\"", &out)
        prev.appendHex(to: &out)
        appendLiteral("\"}", &out)
    }

    /// The `prev` hex digits of a line this encoder wrote (the 64 bytes before its closing `"}`), as a
    /// string: the same text as the chain hash's `hex`, without formatting it a second time.
    static func prevHex(ofLine line: [UInt8]) -> String {
        let end = line.count - 2
        return String(decoding: line[(end - 64)..<end], as: UTF8.self)
    }

    /// `"<catalogueVersion>","categoryVersions":{"essential":"…",…}` (categories in canonical order).
    private static func appendVersions(of draft: ConsentDraft, to out: inout [UInt8]) {
        appendString(draft.catalogueVersion, &out)
        appendLiteral(",\"categoryVersions\":{", &out)
        var first = true
        for category in CookieCategory.allCases {
            guard let version = draft.categoryVersions[category] else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(category.rawValue, &out)
            out.append(UInt8(ascii: ":"))
            appendString(version, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private static func appendLiteral(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func appendUnsigned(_ value: UInt64, _ out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 {
                raw[count] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(raw[i]) }
        }
    }

    @inline(__always)
    private static func appendBool(_ value: Bool, _ out: inout [UInt8]) {
        appendLiteral(value ? "true" : "false", &out)
    }

    private static func appendOptionalString(_ value: String?, _ out: inout [UInt8]) {
        if let value { appendString(value, &out) } else { appendLiteral("null", &out) }
    }

    /// Appends `value` as a JSON string (RFC 8259 §7): `"` and `\` are backslash-escaped,
    /// bytes below 0x20 and DEL use `\u00XX`; everything else (UTF-8) is copied.
    static func appendString(_ value: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { bytes in
            var needsEscape = false
            for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { needsEscape = true; break }
            if !needsEscape { out.append(contentsOf: bytes); return }
            let hex: StaticString = "0123456789abcdef"
            for b in bytes {
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x00..<0x20, 0x7F:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                    hex.withUTF8Buffer { digits in
                        out.append(digits[Int(b >> 4)])
                        out.append(digits[Int(b & 0x0F)])
                    }
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
