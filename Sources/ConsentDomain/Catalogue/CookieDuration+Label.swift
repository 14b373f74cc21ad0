/// Parsing the duration labels that privacy policies write ("Session", "1 year old", "P100D").
extension CookieDuration {
    /// Reads a policy's duration label.
    ///
    /// Matching ignores case and repeated whitespace. Recognised forms:
    /// - "session" → `.session`
    /// - "no expiration", optionally followed by ", <reason>" (the seed's "No expiration,
    ///   replaced on login or session change") → `.untilReplaced`
    /// - "<count> <unit>", optionally followed by "old" ("1 year old", "20 years old"), where
    ///   `count` is 1–9 digits (not zero) or a word "one"…"twelve", and `unit` is minute, hour,
    ///   day, week, month or year (singular or plural) → `.persistent` with the ISO 8601 form
    ///   (`P1Y`, `P7D`, `PT12H`…) and seconds per `ISO8601Duration`'s fixed values
    /// - an ISO 8601 duration ("P100D") → `.persistent`, labelled in words ("100 days")
    ///
    /// The returned label is the caller's text, trimmed (for ISO input: the words form).
    /// - Throws: `CookieDurationLabelError.unknownLabel` for anything else (never a guess).
    public init(label: String) throws(CookieDurationLabelError) {
        let trimmed = CategoryAlias.collapse(label)
        let key = trimmed.lowercased()
        if key == "session" {
            self = .session(label: trimmed)
            return
        }
        if key == "no expiration" || key.hasPrefix("no expiration,") {
            self = .untilReplaced(label: trimmed)
            return
        }
        if trimmed.hasPrefix("P"), let iso = try? ISO8601Duration(parsing: trimmed) {
            self = .persistent(iso: iso, label: iso.humanDescription)
            return
        }
        guard let iso = Self.parseCountAndUnit(key) else { throw .unknownLabel(trimmed) }
        self = .persistent(iso: iso, label: trimmed)
    }

    /// A persistent duration from its ISO 8601 value; `seconds` derive from it.
    public static func persistent(iso: ISO8601Duration, label: String) -> CookieDuration {
        .persistent(iso8601: iso.description, seconds: iso.totalSeconds, label: label)
    }

    /// The lifetime in seconds: 0 for session cookies (the shortest), `nil` for
    /// until-replaced (unbounded).
    public var lifetimeSeconds: Int? {
        switch self {
        case .session: 0
        case .persistent(_, let seconds, _): seconds
        case .untilReplaced: nil
        }
    }

    private static let countWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    ]

    private static func parseCountAndUnit(_ key: String) -> ISO8601Duration? {
        var words = key.split(separator: " ").map(String.init)
        if words.count == 3, words[2] == "old" { words.removeLast() }
        guard words.count == 2 else { return nil }
        let count: Int
        if let word = countWords[words[0]] {
            count = word
        } else {
            let digits = words[0].utf8
            guard (1...ISO8601Duration.maxComponentDigits).contains(digits.count),
                  digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let value = Int(words[0]), value > 0 else { return nil }
            count = value
        }
        var unit = words[1]
        if unit.hasSuffix("s") { unit.removeLast() }
        switch unit {
        case "minute": return ISO8601Duration(minutes: count)
        case "hour": return ISO8601Duration(hours: count)
        case "day": return ISO8601Duration(days: count)
        case "week": return ISO8601Duration(weeks: count)
        case "month": return ISO8601Duration(months: count)
        case "year": return ISO8601Duration(years: count)
        default: return nil
        }
    }
}

/// Why a duration label could not be read.
public enum CookieDurationLabelError: Error, Equatable, Sendable {
    /// The label matches none of the documented forms; carries the label, trimmed.
    case unknownLabel(String)
}
