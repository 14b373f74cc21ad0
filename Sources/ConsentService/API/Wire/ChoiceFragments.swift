import ConsentDomain

/// JSON prepared once per catalogue for the response parts that depend only on the optional choices:
/// the `allowedCookies` / `deniedCookies` id arrays and the `consentMode` object, for each of the 8
/// combinations of functionality, analytics and targeting. Decision and consent responses splice
/// these bytes instead of writing about 40 ids per request.
struct ChoiceFragments: Sendable {
    /// The encoded parts for one combination of choices.
    struct Entry: Sendable {
        /// `["id",…]`: ids allowed under the choices, catalogue order.
        let allowedCookies: [UInt8]
        /// `["id",…]`: ids denied under the choices, catalogue order.
        let deniedCookies: [UInt8]
        /// Number of ids in `allowedCookies` / `deniedCookies` (a consistency check for callers).
        let allowedCount: Int
        let deniedCount: Int
        /// `{"ad_storage":"…",…}` as `ConsentModeSignals(choices:)` gives it.
        let consentMode: [UInt8]
        /// The signals `consentMode` encodes.
        let signals: ConsentModeSignals
    }

    /// The same parts for a decision body in one buffer, so a response takes one reference to shared
    /// storage instead of three (reference counts of shared arrays are contended between event loops).
    struct DecisionParts: Sendable {
        /// `allowedCookies`, then `deniedCookies`, then `consentMode`, back to back.
        let bytes: [UInt8]
        /// End of `allowedCookies` / start of `deniedCookies` in `bytes`.
        let allowedEnd: Int
        /// End of `deniedCookies` / start of `consentMode` in `bytes`.
        let deniedEnd: Int
        /// As in `Entry`.
        let allowedCount: Int
        let deniedCount: Int
        let signals: ConsentModeSignals
    }

    /// Indexed by `index(of:)`.
    private let entries: [Entry]
    /// Indexed by `index(of:)`.
    private let decisionParts: [DecisionParts]

    /// Encodes the parts for every combination, from `engine`'s precomputed id lists.
    init(engine: DecisionEngine) {
        var entries: [Entry] = []
        entries.reserveCapacity(8)
        for index in 0..<8 {
            let choices = ConsentChoices(functionality: index & 1 != 0, analytics: index & 2 != 0, targeting: index & 4 != 0)
            let ids = engine.cookieIDs(for: choices)
            let signals = ConsentModeSignals(choices: choices)
            var allowed = JSONWriter(capacity: 1_024)
            ConsentWire.writeStrings(ids.allowed, to: &allowed)
            var denied = JSONWriter(capacity: 1_024)
            ConsentWire.writeStrings(ids.denied, to: &denied)
            var mode = JSONWriter(capacity: 256)
            DecisionWire.writeConsentMode(signals, to: &mode)
            entries.append(Entry(allowedCookies: allowed.bytes, deniedCookies: denied.bytes, allowedCount: ids.allowed.count,
                                 deniedCount: ids.denied.count, consentMode: mode.bytes, signals: signals))
        }
        self.entries = entries
        decisionParts = entries.map { entry in
            DecisionParts(bytes: entry.allowedCookies + entry.deniedCookies + entry.consentMode,
                          allowedEnd: entry.allowedCookies.count,
                          deniedEnd: entry.allowedCookies.count + entry.deniedCookies.count,
                          allowedCount: entry.allowedCount, deniedCount: entry.deniedCount, signals: entry.signals)
        }
    }

    /// The decision-body parts for `choices`.
    func decisionParts(for choices: ConsentChoices) -> DecisionParts { decisionParts[Self.index(of: choices)] }

    /// The parts for `choices` (`essential` plays no part: it is always allowed).
    func entry(for choices: ConsentChoices) -> Entry { entries[Self.index(of: choices)] }

    /// 0–7: functionality is bit 0, analytics bit 1, targeting bit 2.
    static func index(of choices: ConsentChoices) -> Int {
        (choices.functionality ? 1 : 0) | (choices.analytics ? 2 : 0) | (choices.targeting ? 4 : 0)
    }
}
