import ConsentDomain
import Testing
@testable import ConsentService

@Suite struct RecordBodyTailsTests {
    private let catalogue = DefaultCatalogue.catalogue
    private var fragments: ChoiceFragments { ChoiceFragments(engine: DecisionEngine(catalogue: catalogue)) }

    private func draft(_ choices: ConsentChoices, gpcApplied: Bool = false, version: String? = nil) -> ConsentDraft {
        ConsentDraft(consentID: "c-1", visitorID: VisitorID(rawValue: "visitor-0001")!, action: .grant, choices: choices,
                     catalogueVersion: version ?? catalogue.version, categoryVersions: catalogue.categoryVersions,
                     gpcApplied: gpcApplied)
    }

    /// Under the current catalogue every combination of choices and GPC gets the tail encoded directly.
    @Test func tail_matchesDirectEncodingForEveryCombination() {
        let tails = RecordBodyTails(catalogue: catalogue, fragments: fragments)
        for bits in 0..<16 {
            let choices = ConsentChoices(functionality: bits & 1 != 0, analytics: bits & 2 != 0, targeting: bits & 4 != 0)
            let expected = ConsentWire.RecordBody.tail(choices: choices, catalogueVersion: catalogue.version,
                                                       gpcApplied: bits & 8 != 0,
                                                       allowedCookies: fragments.entry(for: choices).allowedCookies)
            #expect(tails.tail(for: draft(choices, gpcApplied: bits & 8 != 0)) == expected)
        }
    }

    /// A draft recorded under another catalogue version gets no cached tail.
    @Test func tail_isNilForAnotherCatalogueVersion() {
        let tails = RecordBodyTails(catalogue: catalogue, fragments: fragments)
        #expect(tails.tail(for: draft(.all, version: "0123456789abcdef")) == nil)
    }
}
