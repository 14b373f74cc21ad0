import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 3339 timestamps on the wire: written in UTC with milliseconds (`2026-11-22T10:00:00.123Z`);
/// read in the openapi `DateTime` shape (RFC 3339 §5.6 with an upper-case `T`, 1–9 fraction digits,
/// `Z` or `±hh:mm`, no leap second), checking that the day exists in its month. The one parser for
/// every date-time the service reads (`at` on consent routes, `from`/`to` on exports).
enum WireTimestamp {
    /// A parsed instant: whole seconds since 1970-01-01T00:00:00Z (offset applied) plus the
    /// written fraction in nanoseconds (0…999 999 999, never rounded).
    struct Instant: Sendable, Hashable {
        let seconds: Int64
        let nanoseconds: Int64

        /// Milliseconds since the epoch; a fraction finer than 1 ms is rounded up.
        var millisecondsRoundedUp: Int64 {
            seconds * 1_000 + nanoseconds / 1_000_000 + (nanoseconds % 1_000_000 == 0 ? 0 : 1)
        }

        /// The instant as a `Date` (sub-microsecond precision is limited by `Double`).
        var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000) }
    }

    /// Longest text the grammar admits, in bytes (`YYYY-MM-DDTHH:MM:SS.fffffffff+hh:mm`).
    static let maxLength = 35

    /// `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC; milliseconds rounded down).
    static func format(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(CivilDate.timestampLength)
        append(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes; years outside 0000…9999 clamped) to `out`.
    static func append(_ date: Date, to out: inout [UInt8]) {
        CivilDate.appendTimestamp(milliseconds: milliseconds(date), to: &out)
    }

    /// `date` in milliseconds since the epoch, rounded down; non-finite or huge values saturate
    /// at the writable range instead of trapping.
    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000).rounded(.down)
        guard value.isFinite else {
            return value.isNaN || value < 0 ? CivilDate.earliestTimestampMilliseconds : CivilDate.latestTimestampMilliseconds
        }
        let low = Double(CivilDate.earliestTimestampMilliseconds), high = Double(CivilDate.latestTimestampMilliseconds)
        return Int64(min(max(value, low), high))
    }

    /// Parses `text` as an openapi `DateTime`.
    /// - Returns: The instant, or `nil` for anything else.
    static func parse(_ text: String) -> Date? {
        instant(Array(text.utf8))?.date
    }

    /// Parses the bytes of an openapi `DateTime`.
    /// - Returns: Seconds and nanoseconds, or `nil` for anything else (impossible dates, hour 24,
    ///   second 60, empty or over-long fraction, lower-case `t`/`z`, offsets other than `±hh:mm`).
    static func instant(_ b: [UInt8]) -> Instant? {
        guard b.count >= 20, b.count <= maxLength else { return nil }
        guard let year = number(b, 0, 4), b[4] == UInt8(ascii: "-"), let month = number(b, 5, 2), b[7] == UInt8(ascii: "-"),
              let day = number(b, 8, 2), b[10] == UInt8(ascii: "T"), let hour = number(b, 11, 2), b[13] == UInt8(ascii: ":"),
              let minute = number(b, 14, 2), b[16] == UInt8(ascii: ":"), let second = number(b, 17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanoseconds: Int64 = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, (0x30...0x39).contains(b[i]), i - start < 9 {
                nanoseconds = nanoseconds * 10 + Int64(b[i] - 0x30)
                i += 1
            }
            let digits = i - start
            guard digits >= 1 else { return nil }
            for _ in digits..<9 { nanoseconds *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetSeconds: Int64 = 0
        if b[i] == UInt8(ascii: "Z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 <= b.count, b[i + 3] == UInt8(ascii: ":"),
                  let offsetHours = number(b, i + 1, 2), let offsetMinutes = number(b, i + 4, 2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = (offsetHours * 3_600 + offsetMinutes * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = CivilDate.daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second - offsetSeconds
        return Instant(seconds: seconds, nanoseconds: nanoseconds)
    }

    /// The `count` ASCII digits at `start` as a number; `nil` if any is missing or not a digit.
    static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start >= 0, start + count <= b.count else { return nil }
        var value: Int64 = 0
        for byte in b[start..<(start + count)] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}
