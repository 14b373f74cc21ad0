#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Record times: milliseconds since 1970-01-01T00:00:00Z, written as RFC 3339 UTC with
/// exactly three fraction digits (`2026-11-22T04:24:34.123Z`, 24 bytes). Formatted and
/// parsed by hand (civil-from-days arithmetic) so the writer uses no Foundation formatter.
enum LogTimestamp {
    /// Length of the textual form, in bytes.
    static let textLength = 24

    /// `date` truncated to whole milliseconds.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }

    /// Appends the 24-byte text of `ms` to `out`. Years outside 0000…9999 are clamped.
    static func append(_ ms: Int64, to out: inout [UInt8]) {
        CivilDate.appendTimestamp(milliseconds: ms, to: &out)
    }

    /// The text of `ms` as a String.
    static func string(_ ms: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(textLength)
        append(ms, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses exactly the 24-byte form; `nil` for anything else (other offsets, no
    /// fraction, out-of-range fields).
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == textLength,
              b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."),
              b[23] == UInt8(ascii: "Z"),
              let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2),
              let h = digits(b, 11, 2), let mi = digits(b, 14, 2), let s = digits(b, 17, 2),
              let f = digits(b, 20, 3),
              (1...12).contains(mo), d >= 1, d <= CivilDate.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60
        else { return nil }
        let days = CivilDate.daysFromCivil(year: y, month: mo, day: d)
        return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1_000 + f
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var v: Int64 = 0
        for i in start..<(start + count) {
            let c = b[i] &- 0x30
            guard c < 10 else { return nil }
            v = v * 10 + Int64(c)
        }
        return v
    }
}
