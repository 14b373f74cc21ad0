/// Google Consent Mode v2 state derived from effective choices.
///
/// Mapping: `ad_storage`, `ad_user_data`, `ad_personalization` ← targeting;
/// `analytics_storage` ← analytics; `functionality_storage`, `personalization_storage`
/// ← functionality; `security_storage` is always granted (it covers essential security
/// cookies, which need no consent).
public struct ConsentModeSignals: Sendable, Hashable {
    /// One Consent Mode value; the raw values are the wire strings.
    public enum Status: String, Sendable, Hashable {
        case granted
        case denied

        init(_ isGranted: Bool) { self = isGranted ? .granted : .denied }
    }

    public let adStorage: Status
    public let adUserData: Status
    public let adPersonalization: Status
    public let analyticsStorage: Status
    public let functionalityStorage: Status
    public let personalizationStorage: Status
    public let securityStorage: Status

    /// The signals for `choices` (pass effective choices: after GPC, expiry and re-consent).
    public init(choices: ConsentChoices) {
        adStorage = Status(choices.targeting)
        adUserData = Status(choices.targeting)
        adPersonalization = Status(choices.targeting)
        analyticsStorage = Status(choices.analytics)
        functionalityStorage = Status(choices.functionality)
        personalizationStorage = Status(choices.functionality)
        securityStorage = .granted
    }

    /// Every signal as `(wire key, value)`, in the order Google documents them.
    public var fields: [(key: String, status: Status)] {
        [("ad_storage", adStorage), ("ad_user_data", adUserData), ("ad_personalization", adPersonalization),
         ("analytics_storage", analyticsStorage), ("functionality_storage", functionalityStorage),
         ("personalization_storage", personalizationStorage), ("security_storage", securityStorage)]
    }
}
