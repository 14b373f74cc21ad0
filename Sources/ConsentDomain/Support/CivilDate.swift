/// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01 (UTC), after
/// H. Hinnant's `days_from_civil` / `civil_from_days` (400-year eras, March-based years),
/// and the fixed-width UTC millisecond timestamp every writer in the service emits.
/// No Foundation calendar, locale or formatter is involved.
public enum CivilDate {
    /// Milliseconds in one day.
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// Length of the text written by `appendTimestamp`, in bytes (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
    public static let timestampLength = 24

    /// Earliest instant `appendTimestamp` writes unclamped: 0000-01-01T00:00:00.000Z, in milliseconds.
    public static let earliestTimestampMilliseconds: Int64 = -62_167_219_200_000

    /// Latest instant `appendTimestamp` writes unclamped: 9999-12-31T23:59:59.999Z, in milliseconds.
    public static let latestTimestampMilliseconds: Int64 = 253_402_300_799_999

    /// Days since 1970-01-01 of the proleptic Gregorian date `year`-`month`-`day`.
    /// - Parameters:
    ///   - year: astronomical year (0 is 1 BC; negative years allowed).
    ///   - month: 1…12 (not checked: callers validate with `daysIn(month:year:)`).
    ///   - day: 1…`daysIn(month:year:)` (not checked).
    /// - Returns: The day number; negative before 1970.
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of day number `days` (days since 1970-01-01; may be negative).
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Number of days in `month` (1…12) of `year`: 28–31; any other month value counts as 31.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year: year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether `year` is a Gregorian leap year (divisible by 4, and by 400 if by 100).
    public static func isLeap(year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The UTC day number of an instant given in milliseconds since the epoch (floor division).
    public static func day(ofMilliseconds milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / millisecondsPerDay : (milliseconds - (millisecondsPerDay - 1)) / millisecondsPerDay
    }

    /// Appends `milliseconds` (since 1970-01-01T00:00:00Z) as `YYYY-MM-DDTHH:MM:SS.mmmZ` to `out`:
    /// always `timestampLength` (24) bytes. Instants outside years 0000…9999 are clamped to
    /// `earliestTimestampMilliseconds` / `latestTimestampMilliseconds`.
    public static func appendTimestamp(milliseconds: Int64, to out: inout [UInt8]) {
        let clamped = min(max(milliseconds, earliestTimestampMilliseconds), latestTimestampMilliseconds)
        let days = day(ofMilliseconds: clamped)
        let msOfDay = clamped - days * millisecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        appendDigits(year, width: 4, to: &out); out.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &out); out.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &out); out.append(UInt8(ascii: "T"))
        appendDigits(msOfDay / 3_600_000, width: 2, to: &out); out.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 60_000 % 60, width: 2, to: &out); out.append(UInt8(ascii: ":"))
        appendDigits(msOfDay / 1_000 % 60, width: 2, to: &out); out.append(UInt8(ascii: "."))
        appendDigits(msOfDay % 1_000, width: 3, to: &out); out.append(UInt8(ascii: "Z"))
    }

    /// Appends `YYYY-MM-DD` of UTC day number `days` (10 bytes; years clamped to 0000…9999).
    public static func appendDate(days: Int64, to out: inout [UInt8]) {
        let clampedDays = min(max(days, day(ofMilliseconds: earliestTimestampMilliseconds)),
                              day(ofMilliseconds: latestTimestampMilliseconds))
        let (year, month, day) = civil(fromDays: clampedDays)
        appendDigits(year, width: 4, to: &out); out.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &out); out.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &out)
    }

    /// Appends the low `width` decimal digits of non-negative `value`, zero-padded.
    private static func appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value % (divisor * 10)
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: rest / divisor) &+ 0x30)
            rest %= divisor
            divisor /= 10
        }
    }
}
