/// An ISO 8601 duration (ISO 8601-1:2019 §5.5.2.4, "PnYnMnWnDTnHnMnS"), integer components only.
///
/// Lengths in seconds use fixed, calendar-free values so that a duration means the same
/// thing on every day of the year:
/// - 1 year  = 365 days = 31,536,000 s
/// - 1 month = 30 days  =  2,592,000 s (so "P12M" is 360 days, shorter than "P1Y")
/// - 1 week  = 7 days, 1 day = 86,400 s, 1 hour = 3,600 s, 1 minute = 60 s
///
/// Accepted text: an upper-case `P`, then any of `nY`, `nM`, `nW`, `nD` in that order, then
/// optionally `T` followed by any of `nH`, `nM`, `nS` in that order. At least one component
/// must be present, and `T` needs at least one time component. Each `n` is 1–9 ASCII digits.
/// Fractions (`P0.5D`), signs and lower-case designators are rejected.
public struct ISO8601Duration: Hashable, Sendable, CustomStringConvertible {
    public static let secondsPerMinute = 60
    public static let secondsPerHour = 3_600
    public static let secondsPerDay = 86_400
    public static let secondsPerWeek = 7 * secondsPerDay
    /// 30 days.
    public static let secondsPerMonth = 30 * secondsPerDay
    /// 365 days.
    public static let secondsPerYear = 365 * secondsPerDay
    /// Most digits accepted in one component; 9 digits keep every total far below `Int.max`.
    public static let maxComponentDigits = 9

    public var years: Int
    public var months: Int
    public var weeks: Int
    public var days: Int
    public var hours: Int
    public var minutes: Int
    public var seconds: Int

    /// A duration from components; negative components are clamped to zero.
    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0,
                hours: Int = 0, minutes: Int = 0, seconds: Int = 0) {
        self.years = max(0, years)
        self.months = max(0, months)
        self.weeks = max(0, weeks)
        self.days = max(0, days)
        self.hours = max(0, hours)
        self.minutes = max(0, minutes)
        self.seconds = max(0, seconds)
    }

    /// Parses `text` such as `P100D`, `P6M`, `P1Y`, `PT12H`, `P1Y2M3DT4H5M6S`.
    /// - Throws: `ISO8601DurationError` naming what is wrong; never traps on any input.
    public init(parsing text: String) throws(ISO8601DurationError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= 64 else { throw .malformed(text) }
        guard bytes[0] == UInt8(ascii: "P") else { throw .malformed(text) }
        var result = ISO8601Duration()
        var sawComponent = false
        var inTime = false
        var sawTimeComponent = false
        // Designators allowed next, in order; a designator may only follow ones before it.
        let dateOrder: [UInt8] = Array("YMWD".utf8)
        let timeOrder: [UInt8] = Array("HMS".utf8)
        var nextDate = 0
        var nextTime = 0
        var i = 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "T") {
                guard !inTime else { throw .malformed(text) }
                inTime = true
                i += 1
                continue
            }
            var digits = 0
            var value = 0
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                digits += 1
                guard digits <= Self.maxComponentDigits else { throw .componentTooLarge(text) }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard digits > 0 else { throw .malformed(text) }
            guard i < bytes.count else { throw .malformed(text) }
            let designator = bytes[i]
            if designator == UInt8(ascii: ".") || designator == UInt8(ascii: ",") { throw .fractionalValue(text) }
            if inTime {
                guard let position = timeOrder[nextTime...].firstIndex(of: designator) else { throw .malformed(text) }
                switch designator {
                case UInt8(ascii: "H"): result.hours = value
                case UInt8(ascii: "M"): result.minutes = value
                default: result.seconds = value
                }
                nextTime = position + 1
                sawTimeComponent = true
            } else {
                guard let position = dateOrder[nextDate...].firstIndex(of: designator) else { throw .malformed(text) }
                switch designator {
                case UInt8(ascii: "Y"): result.years = value
                case UInt8(ascii: "M"): result.months = value
                case UInt8(ascii: "W"): result.weeks = value
                default: result.days = value
                }
                nextDate = position + 1
            }
            sawComponent = true
            i += 1
        }
        guard sawComponent, !inTime || sawTimeComponent else { throw .malformed(text) }
        self = result
    }

    /// The length in seconds under the fixed values above (year 365 days, month 30 days).
    public var totalSeconds: Int {
        years * Self.secondsPerYear + months * Self.secondsPerMonth + weeks * Self.secondsPerWeek
            + days * Self.secondsPerDay + hours * Self.secondsPerHour + minutes * Self.secondsPerMinute + seconds
    }

    /// The canonical text: zero components omitted, `P0D` for the zero duration.
    public var description: String {
        var text = "P"
        if years > 0 { text += "\(years)Y" }
        if months > 0 { text += "\(months)M" }
        if weeks > 0 { text += "\(weeks)W" }
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || seconds > 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if seconds > 0 { text += "\(seconds)S" }
        }
        return text == "P" ? "P0D" : text
    }

    /// A short English label such as "100 days", "1 year", "1 year 6 months"; "0 seconds" when zero.
    public var humanDescription: String {
        let parts: [(Int, String)] = [(years, "year"), (months, "month"), (weeks, "week"), (days, "day"),
                                      (hours, "hour"), (minutes, "minute"), (seconds, "second")]
        let words = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return words.isEmpty ? "0 seconds" : words.joined(separator: " ")
    }
}

/// Why a text is not an ISO 8601 duration.
public enum ISO8601DurationError: Error, Equatable, Sendable {
    /// The text is empty.
    case empty
    /// The text does not follow `PnYnMnWnDTnHnMnS` (wrong order, missing `P`, stray characters…).
    case malformed(String)
    /// A decimal fraction such as `P0.5D`; only integer components are supported.
    case fractionalValue(String)
    /// A component has more than `ISO8601Duration.maxComponentDigits` digits.
    case componentTooLarge(String)
}
