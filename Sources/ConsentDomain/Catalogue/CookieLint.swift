/// A warning about a cookie's declared lifetime, shown in catalogue output.
public enum CookieLint: String, CaseIterable, Hashable, Sendable {
    /// Lives longer than 13 months (CNIL's ceiling for trackers; 13 × 30 days = 390 days).
    case exceedsThirteenMonths = "exceeds-13-months"
    /// Never expires on its own (an until-replaced cookie). Not also flagged as
    /// `exceedsThirteenMonths`: its real lifetime is unknown, not known to be long.
    case neverExpires = "never-expires"

    /// 13 months of 30 days, in seconds (33,696,000). Exactly this long is not flagged.
    public static let thirteenMonthsSeconds = 13 * ISO8601Duration.secondsPerMonth

    /// The flags for `duration`, in declaration order (empty for session cookies).
    public static func flags(for duration: CookieDuration) -> [CookieLint] {
        switch duration {
        case .session: []
        case .persistent(_, let seconds, _): seconds > thirteenMonthsSeconds ? [.exceedsThirteenMonths] : []
        case .untilReplaced: [.neverExpires]
        }
    }
}

extension Cookie {
    /// The lifetime warnings for this cookie (see `CookieLint`).
    public var lint: [CookieLint] { CookieLint.flags(for: duration) }
}
