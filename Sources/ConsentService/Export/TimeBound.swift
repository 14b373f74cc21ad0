import ConsentDomain

/// A `from`/`to` query value: an RFC 3339 date-time in the openapi `DateTime` shape
/// (`2026-11-22T10:00:00.123Z`, 1–9 fraction digits, `Z` or `±hh:mm`, no leap second; parsed by
/// `WireTimestamp`) or a full date (`2026-11-22`, meaning 00:00 UTC), held as milliseconds since
/// the epoch. Parsed by hand so no locale or lenient formatter is involved.
struct TimeBound: Sendable, Hashable {
    /// Milliseconds since 1970-01-01T00:00:00Z. A fraction finer than 1 ms is rounded up, so the
    /// inclusive `from` and the exclusive `to` both compare exactly against millisecond record times.
    let milliseconds: Int64

    init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `text`; `nil` for anything that is not one of the two forms.
    init?(_ text: String) {
        let b = Array(text.utf8)
        if b.count == 10 {
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
                  let year = WireTimestamp.number(b, 0, 4), let month = WireTimestamp.number(b, 5, 2),
                  let day = WireTimestamp.number(b, 8, 2),
                  (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
            self.milliseconds = CivilDate.daysFromCivil(year: year, month: month, day: day) * CivilDate.millisecondsPerDay
            return
        }
        guard let instant = WireTimestamp.instant(b) else { return nil }
        self.milliseconds = instant.millisecondsRoundedUp
    }

    /// RFC 3339 UTC with three fraction digits (`2026-11-22T10:00:00.123Z`).
    var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(CivilDate.timestampLength)
        CivilDate.appendTimestamp(milliseconds: milliseconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTC day number (days since 1970-01-01) of a time in milliseconds.
    static func day(ofMilliseconds ms: Int64) -> Int64 {
        CivilDate.day(ofMilliseconds: ms)
    }

    /// `YYYY-MM-DD` of a UTC day number.
    static func dateText(days: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        CivilDate.appendDate(days: days, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
