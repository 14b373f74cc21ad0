import Foundation

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
        let clamped = min(max(ms, -62_167_219_200_000), 253_402_300_799_999)
        let days = clamped >= 0 ? clamped / 86_400_000 : (clamped - 86_399_999) / 86_400_000
        let msOfDay = clamped - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        appendDigits(y, 4, &out); out.append(UInt8(ascii: "-"))
        appendDigits(m, 2, &out); out.append(UInt8(ascii: "-"))
        appendDigits(d, 2, &out); out.append(UInt8(ascii: "T"))
        appendDigits(msOfDay / 3_600_000, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 60_000 % 60, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 1_000 % 60, 2, &out); out.append(UInt8(ascii: "."))
        appendDigits(msOfDay % 1_000, 3, &out); out.append(UInt8(ascii: "Z"))
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
              (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 60
        else { return nil }
        let days = daysFromCivil(y, mo, d)
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

    private static func appendDigits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: v / divisor) &+ 0x30)
            v %= divisor
            divisor /= 10
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (era arithmetic, 400-year cycles).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of `days` since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
