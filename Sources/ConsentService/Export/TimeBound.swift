/// A `from`/`to` query value: an RFC 3339 date-time (`2026-11-22T10:00:00.123Z`, 1–9 fraction
/// digits, `Z` or `±hh:mm`, no leap second) or a full date (`2026-11-22`, meaning 00:00 UTC),
/// held as milliseconds since the epoch. Parsed by hand (RFC 3339 §5.6 grammar, civil-date
/// arithmetic) so no locale or lenient formatter is involved.
struct TimeBound: Sendable, Hashable {
    /// Milliseconds since 1970-01-01T00:00:00Z. A fraction finer than 1 ms is rounded up, so the
    /// inclusive `from` and the exclusive `to` both compare exactly against millisecond record times.
    let milliseconds: Int64

    init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `text`; `nil` for anything that is not one of the two forms.
    init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = Self.number(b, 0, 4), let month = Self.number(b, 5, 2), let day = Self.number(b, 8, 2),
              (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year) else { return nil }
        var ms = Self.daysFromCivil(year, month, day) * 86_400_000
        if b.count == 10 { self.milliseconds = ms; return }
        guard b.count >= 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let hour = Self.number(b, 11, 2), let minute = Self.number(b, 14, 2), let second = Self.number(b, 17, 2),
              hour < 24, minute < 60, second < 60 else { return nil }
        ms += hour * 3_600_000 + minute * 60_000 + second * 1_000
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            var fraction: Int64 = 0
            var roundUp = false
            while i < b.count, (0x30...0x39).contains(b[i]) {
                let digit = Int64(b[i] - 0x30)
                if i - start < 3 { fraction = fraction * 10 + digit } else if digit != 0 { roundUp = true }
                i += 1
            }
            let digits = i - start
            guard (1...9).contains(digits) else { return nil }
            var scale = digits
            while scale < 3 { fraction *= 10; scale += 1 }
            ms += fraction + (roundUp ? 1 : 0)
        }
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let offsetHours = Self.number(b, i + 1, 2), let offsetMinutes = Self.number(b, i + 4, 2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            let offset = (offsetHours * 60 + offsetMinutes) * 60_000
            ms += b[i] == UInt8(ascii: "+") ? -offset : offset
        }
        self.milliseconds = ms
    }

    /// RFC 3339 UTC with three fraction digits (`2026-11-22T10:00:00.123Z`).
    var text: String {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let msOfDay = milliseconds - days * 86_400_000
        return Self.dateText(days: days) + "T" + Self.pad(msOfDay / 3_600_000, 2) + ":" + Self.pad(msOfDay / 60_000 % 60, 2)
            + ":" + Self.pad(msOfDay / 1_000 % 60, 2) + "." + Self.pad(msOfDay % 1_000, 3) + "Z"
    }

    /// The UTC day number (days since 1970-01-01) of a time in milliseconds.
    static func day(ofMilliseconds ms: Int64) -> Int64 {
        ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
    }

    /// `YYYY-MM-DD` of a UTC day number.
    static func dateText(days: Int64) -> String {
        let (y, m, d) = civil(fromDays: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= b.count else { return nil }
        var value: Int64 = 0
        for i in start..<(start + count) {
            guard (0x30...0x39).contains(b[i]) else { return nil }
            value = value * 10 + Int64(b[i] - 0x30)
        }
        return value
    }

    private static func days(inMonth month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of the proleptic Gregorian date (400-year era arithmetic).
    private static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
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
