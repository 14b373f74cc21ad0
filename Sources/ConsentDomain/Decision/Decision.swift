/// The answer to "what may be set": see `DecisionEngine.decide(_:state:gpc:)`.
public struct Decision: Sendable, Hashable {
    public var basis: DecisionBasis
    /// Effective choices: after explicit choices or state, expiry, re-consent and GPC.
    public var choices: ConsentChoices
    /// Ids of every catalogue entry allowed under `choices`, in catalogue order.
    public var allowedCookieIDs: [String]
    /// Ids of every catalogue entry not allowed under `choices`, in catalogue order.
    public var deniedCookieIDs: [String]
    /// One verdict per distinct asked name: `cookies` first, then the `Cookie` header's
    /// names, then the names of parseable `Set-Cookie` lines.
    public var verdicts: [CookieVerdict]
    /// The `Set-Cookie` lines a back end must not send, by input index.
    public var droppedSetCookies: [DroppedSetCookie]
    public var consentMode: ConsentModeSignals
    /// Optional categories whose entries changed since the stored choice (banner order).
    public var reconsentRequired: [CookieCategory]
}

/// Why the effective choices are what they are.
public enum DecisionBasis: String, Sendable, Hashable {
    /// Explicit choices in the request, or a stored unexpired choice.
    case consent
    /// No choice recorded: essential only.
    case `default`
    /// The stored choice is past its TTL: essential only.
    case expired
    /// GPC (`Sec-GPC: 1`) forced `targeting` off where the choice would have allowed it.
    case gpc
}

/// The verdict on one concrete cookie name.
public struct CookieVerdict: Sendable, Hashable {
    /// Why a name is allowed or denied. Raw values are the wire codes.
    public enum Reason: String, Sendable, Hashable {
        /// Every matching entry is essential: always allowed.
        case essential
        /// Decided by the visitor's (or request's) choice: allowed if chosen, denied if refused.
        case explicitChoice = "explicit-choice"
        /// Denied: no choice recorded.
        case noRecord = "no-record"
        /// Denied: the stored choice expired.
        case expired
        /// Denied: GPC forced targeting off although the choice allowed it.
        case gpc
        /// Denied: the entry's category changed since the choice and needs re-consent.
        case catalogueChanged = "catalogue-changed"
        /// Denied: the name matches no catalogue entry (drift from the catalogue).
        case undeclared
    }

    public let name: String
    public let isAllowed: Bool
    public let reason: Reason
    /// Ids of every entry whose name or pattern matches, in catalogue order.
    public let cookieIDs: [String]
    /// The category that decided the verdict: when denied, the first denied category (banner
    /// order) among the matches; when allowed, the last (least essential) one. `nil` when undeclared.
    public let category: CookieCategory?
}

/// A `Set-Cookie` line a back end must drop.
public struct DroppedSetCookie: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The cookie's name was denied for this reason.
        case denied(CookieVerdict.Reason)
        /// The line does not parse: a user agent would ignore it, so it is dropped.
        case invalid(SetCookieParseError)

        /// The wire code: the verdict reason, or `invalid`.
        public var code: String {
            switch self {
            case .denied(let reason): reason.rawValue
            case .invalid: "invalid"
            }
        }
    }

    /// Position in the request's `setCookies` array (0-based).
    public let index: Int
    /// The cookie's name; `nil` for a line that does not parse.
    public let name: String?
    public let reason: Reason
}
