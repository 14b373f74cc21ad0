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
    /// Appends the line for the given fields to `out` (no trailing newline).
    static func append(sequence: UInt64, timeMilliseconds: Int64, draft: ConsentDraft, prev: ChainHash,
                       to out: inout [UInt8]) {
        appendLiteral("{\"seq\":", &out)
        appendUnsigned(sequence, &out)
        appendLiteral(",\"time\":\"", &out)
        LogTimestamp.append(timeMilliseconds, to: &out)
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
        appendLiteral("},\"gpc\":", &out)
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
