import ConsentDomain

/// `ConsentWire.RecordBody` tails for the served catalogue, encoded once for each combination of
/// the three optional choices and `gpcApplied` (16 in all), so that recording a consent under the
/// current catalogue encodes only its two ids and two times.
///
/// A draft recorded under the current catalogue carries its per-category versions, so no category
/// has changed since and the allowed cookies are those of the choices themselves.
struct RecordBodyTails: Sendable {
    /// The catalogue version the tails were encoded for.
    let catalogueVersion: String
    /// Indexed by `index(choices:gpcApplied:)`.
    private let tails: [[UInt8]]

    /// Encodes the 16 tails for `catalogue`, with the allowed-cookie arrays from `fragments`.
    init(catalogue: Catalogue, fragments: ChoiceFragments) {
        catalogueVersion = catalogue.version
        var tails: [[UInt8]] = []
        tails.reserveCapacity(16)
        for index in 0..<16 {
            let choices = ConsentChoices(functionality: index & 1 != 0, analytics: index & 2 != 0, targeting: index & 4 != 0)
            tails.append(ConsentWire.RecordBody.tail(choices: choices, catalogueVersion: catalogue.version,
                                                     gpcApplied: index & 8 != 0,
                                                     allowedCookies: fragments.entry(for: choices).allowedCookies))
        }
        self.tails = tails
    }

    /// The tail for `draft`, or `nil` when it was recorded under another catalogue version (the caller
    /// then encodes it, with the categories changed since refused).
    func tail(for draft: ConsentDraft) -> [UInt8]? {
        guard draft.catalogueVersion == catalogueVersion else { return nil }
        return tails[Self.index(choices: draft.choices, gpcApplied: draft.gpcApplied)]
    }

    private static func index(choices: ConsentChoices, gpcApplied: Bool) -> Int {
        (choices.functionality ? 1 : 0) | (choices.analytics ? 2 : 0) | (choices.targeting ? 4 : 0) | (gpcApplied ? 8 : 0)
    }
}
