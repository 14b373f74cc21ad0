/// IMF-fixdate formatting for the `Date` header (RFC 9110 §5.6.7), without Foundation.
enum HTTPDate {
    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for `secondsSinceEpoch` (UTC), as 29 ASCII bytes.
    static func imfFixdate(secondsSinceEpoch: Int) -> [UInt8] {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = secondsSinceEpoch - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let weekday = ((days % 7) + 7) % 7
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out.append(contentsOf: dayNames[weekday].utf8)
        out.append(contentsOf: ", ".utf8)
        appendTwoDigits(day, to: &out)
        out.append(0x20)
        out.append(contentsOf: monthNames[month - 1].utf8)
        out.append(0x20)
        appendTwoDigits(year / 100, to: &out)
        appendTwoDigits(year % 100, to: &out)
        out.append(0x20)
        appendTwoDigits(secondOfDay / 3600, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay / 60 % 60, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay % 60, to: &out)
        out.append(contentsOf: " GMT".utf8)
        return out
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(0x30 + value / 10 % 10))
        out.append(UInt8(0x30 + value % 10))
    }

    /// Proleptic Gregorian (year, month 1–12, day 1–31) for a day count since 1970-01-01.
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The `Date: …\r\n` header line, re-formatted at most once per second (per event loop).
struct DateHeaderCache {
    private(set) var line: [UInt8] = []
    /// `line` followed by the blank line that ends a head: the last piece of a prepared head.
    private(set) var lineEndingHead: [UInt8] = []
    private var second = Int.min

    /// Refreshes the cached line when the wall-clock second has changed.
    mutating func refresh(secondsSinceEpoch: Int) {
        guard secondsSinceEpoch != second else { return }
        second = secondsSinceEpoch
        var bytes = Array("Date: ".utf8)
        bytes.append(contentsOf: HTTPDate.imfFixdate(secondsSinceEpoch: secondsSinceEpoch))
        bytes.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
        line = bytes
        lineEndingHead = bytes + [HeaderSyntax.cr, HeaderSyntax.lf]
    }
}
