@testable import ConsentDomain
import Testing
@testable import ConsentService

@Suite struct ChoiceFragmentsTests {
    let engine = DecisionEngine(catalogue: DefaultCatalogue.catalogue)

    /// All 8 choice combinations.
    static let combinations: [ConsentChoices] = (0..<8).map {
        ConsentChoices(functionality: $0 & 1 != 0, analytics: $0 & 2 != 0, targeting: $0 & 4 != 0)
    }

    /// For every combination, a decision body with spliced fragments is byte-for-byte the body written
    /// id by id.
    @Test(arguments: combinations) func splicedDecisionBodyEqualsWrittenBody(choices: ConsentChoices) {
        let fragments = ChoiceFragments(engine: engine)
        let input = DecisionInput(choices: choices, cookieNames: ["_ga", "_cf_bm", "unknown_cookie"])
        let decision = engine.decide(input, state: .default, gpc: false)
        #expect(!decision.allowedCookieIDs.isEmpty)
        #expect(DecisionWire.body(decision, fragments: fragments) == DecisionWire.body(decision))
    }

    /// The fragments hold the engine's ids for the combination, as a JSON array of strings.
    @Test(arguments: combinations) func fragmentsEncodeTheEnginesIDs(choices: ConsentChoices) throws {
        let entry = ChoiceFragments(engine: engine).entry(for: choices)
        let ids = engine.cookieIDs(for: choices)
        var allowed = JSONWriter()
        ConsentWire.writeStrings(ids.allowed, to: &allowed)
        var denied = JSONWriter()
        ConsentWire.writeStrings(ids.denied, to: &denied)
        #expect(entry.allowedCookies == allowed.bytes)
        #expect(entry.deniedCookies == denied.bytes)
        #expect(entry.allowedCount == ids.allowed.count && entry.deniedCount == ids.denied.count)
        #expect(entry.signals == ConsentModeSignals(choices: choices))
    }

    /// Fragments of another catalogue that disagree with the decision are not spliced.
    @Test func mismatchedFragmentsAreIgnored() {
        let input = DecisionInput(choices: ConsentChoices(functionality: true), cookieNames: [])
        var decision = engine.decide(input, state: .default, gpc: false)
        let expected = DecisionWire.body(decision)
        decision.allowedCookieIDs.removeLast()
        decision.deniedCookieIDs.append("extra")
        let written = DecisionWire.body(decision)
        #expect(written != expected)
        #expect(DecisionWire.body(decision, fragments: ChoiceFragments(engine: engine)) == written)
    }

    /// `JSONWriter.encoded` places commas like any other value.
    @Test func encodedValueIsSeparatedByCommas() {
        var json = JSONWriter()
        json.beginArray()
        json.encoded(Array(#"["a"]"#.utf8))
        json.encoded(Array("{}".utf8))
        json.endArray()
        #expect(json.text == #"[["a"],{}]"#)
    }

    /// The one-buffer decision parts are the entry's allowed ids, denied ids and Consent Mode, back to back.
    @Test(arguments: combinations) func decisionPartsConcatenateTheEntry(choices: ConsentChoices) {
        let fragments = ChoiceFragments(engine: engine)
        let entry = fragments.entry(for: choices)
        let parts = fragments.decisionParts(for: choices)
        #expect(Array(parts.bytes[..<parts.allowedEnd]) == entry.allowedCookies)
        #expect(Array(parts.bytes[parts.allowedEnd..<parts.deniedEnd]) == entry.deniedCookies)
        #expect(Array(parts.bytes[parts.deniedEnd...]) == entry.consentMode)
        #expect(parts.allowedCount == entry.allowedCount && parts.deniedCount == entry.deniedCount && parts.signals == entry.signals)
    }
}
