import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

@Suite struct DecisionBodyWriterTests {
    static let engine = DecisionEngine(catalogue: DefaultCatalogue.catalogue)
    static let fragments = ChoiceFragments(engine: engine)
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// Names that need JSON escaping or are otherwise unusual, all undeclared.
    static let awkwardNames = [
        #"quo"te"#, #"back\slash"#, "tab\there", "new\nline", "cr\r", "nul\u{0}byte", "bell\u{7}", "del\u{7F}",
        "caf\u{E9}", "\u{1F36A}cookie", "line\u{2028}sep", "para\u{2029}sep", "", " ", "</script>", "\u{1F}",
    ]

    /// Declared names (literal and pattern matches) plus undeclared ones.
    static let declaredNames = ["_zendesk_session", "_cf_bm", "ajs_user_id", "hc-7-preview", "unknown_cookie", "__cfduid"]

    /// A small deterministic generator (SplitMix64).
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func snapshot(_ choices: ConsentChoices, versions: [CookieCategory: String]) -> ConsentSnapshot {
        ConsentSnapshot(sequence: 1, consentID: "c1", recordedAt: t0, action: .grant, choices: choices, gpcApplied: false,
                        catalogueVersion: engine.catalogue.version, categoryVersions: versions)
    }

    /// Whether the fast writer writes `decision` itself (its fragments agree and its size bound holds)
    /// rather than handing it to `DecisionWire`, so a comparison with `DecisionWire` tests the fast writer.
    static func isWrittenDirectly(_ decision: Decision) -> Bool {
        let parts = fragments.decisionParts(for: decision.choices)
        return parts.allowedCount == decision.allowedCookieIDs.count && parts.signals == decision.consentMode
            && DecisionBodyWriter.maximumCount(decision, parts: parts) >= DecisionWire.body(decision).count
    }

    /// Every state kind: default, expired, granted, granted with re-consent in two categories.
    static func states(_ choices: ConsentChoices) -> [ConsentState] {
        let current = engine.catalogue.categoryVersions
        var changed = current
        changed[.analytics] = "old"
        changed[.targeting] = "old"
        return [
            .default,
            .expired(snapshot(choices, versions: current), expiredAt: t0),
            .granted(snapshot(choices, versions: current), expiresAt: t0.addingTimeInterval(60), reconsentRequired: []),
            .granted(snapshot(choices, versions: changed), expiresAt: t0.addingTimeInterval(60),
                     reconsentRequired: [.analytics, .targeting]),
        ]
    }

    /// The fast writer's body is byte for byte `DecisionWire.body` for every choice combination, state,
    /// GPC value and explicit-or-stored choice, with declared, pattern, undeclared and awkward names,
    /// a Cookie header and Set-Cookie lines (dropped, kept deletions, malformed).
    @Test func body_equalsDecisionWireBody_acrossStatesAndNames() {
        let setCookies = ["_ga=1; Path=/", "unknown=1", "no equals sign", "_zendesk_session=x",
                          "ajs_user_id=; Max-Age=0", "quo\"te=1", "caf\u{E9}=1", "\u{0}=1"]
        var compared = 0
        for bits in 0..<8 {
            let choices = ConsentChoices(functionality: bits & 1 != 0, analytics: bits & 2 != 0, targeting: bits & 4 != 0)
            for state in Self.states(choices) {
                for explicit in [nil, choices] {
                    for gpc in [false, true] {
                        let input = DecisionInput(choices: explicit, cookieNames: Self.declaredNames + Self.awkwardNames,
                                                  cookieHeader: "_ga=1; tracker\u{1}=2; _fbp=3", setCookieLines: setCookies,
                                                  now: Self.t0)
                        let decision = Self.engine.decide(input, state: state, gpc: gpc)
                        let fast = DecisionBodyWriter.body(decision, fragments: Self.fragments)
                        #expect(fast == DecisionWire.body(decision), "\(choices) \(state.name) gpc=\(gpc)")
                        #expect(Self.isWrittenDirectly(decision))
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 8 * 4 * 2 * 2)
    }

    /// For random names drawn from an alphabet of escape-needing, multi-byte and plain characters (and
    /// random Set-Cookie lines built from them), both writers agree byte for byte, and the body is JSON.
    @Test func body_equalsDecisionWireBody_forRandomNames() throws {
        var rng = SeededRandom(state: 2026)
        let alphabet: [Unicode.Scalar] = ["a", "z", "_", "-", "h", "c", "7", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}",
                                          "\u{7F}", "\u{80}", "\u{E9}", "\u{2028}", "\u{2029}", "\u{FFFF}", "\u{1F36A}", "=", ";", " "]
        func randomName() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 12) { scalars.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            return String(scalars)
        }
        for round in 0..<300 {
            let names = (0..<Int(rng.next() % 8)).map { _ in randomName() }
                + (round % 3 == 0 ? ["hc-\(round)-preview", "_cf_bm"] : [])
            let lines = (0..<Int(rng.next() % 4)).map { _ in randomName() + "=" + randomName() }
            let choices = ConsentChoices(functionality: rng.next() % 2 == 0, analytics: rng.next() % 2 == 0,
                                         targeting: rng.next() % 2 == 0)
            let input = DecisionInput(choices: rng.next() % 2 == 0 ? choices : nil, cookieNames: names,
                                      cookieHeader: rng.next() % 2 == 0 ? randomName() + "=1; " + randomName() + "=2" : nil,
                                      setCookieLines: lines, now: Self.t0)
            let states = Self.states(choices)
            let decision = Self.engine.decide(input, state: states[Int(rng.next() % UInt64(states.count))], gpc: rng.next() % 2 == 0)
            let fast = DecisionBodyWriter.body(decision, fragments: Self.fragments)
            #expect(fast == DecisionWire.body(decision), "round \(round): \(names)")
            #expect(Self.isWrittenDirectly(decision))
            let object = try JSONSerialization.jsonObject(with: Data(fast)) as? [String: Any]
            let written = (object?["verdicts"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(written?.count == decision.verdicts.count)
        }
    }

    /// Fragments of another catalogue that disagree with the decision are not spliced: the body is
    /// `DecisionWire.body` written id by id.
    @Test func mismatchedFragments_fallBackToDecisionWire() {
        var decision = Self.engine.decide(DecisionInput(choices: ConsentChoices(analytics: true), cookieNames: ["_ga"]),
                                          state: .default, gpc: false)
        decision.allowedCookieIDs.removeLast()
        decision.deniedCookieIDs.append("extra\"id")
        let written = DecisionWire.body(decision)
        #expect(DecisionBodyWriter.body(decision, fragments: Self.fragments) == written)
        #expect(String(decoding: written, as: UTF8.self).contains(#""extra\"id""#))
    }

    /// The static wire bytes of bases, reasons and categories are their raw values (what `DecisionWire` writes).
    @Test func wireBytes_equalRawValues() {
        func text(_ bytes: StaticString) -> String { bytes.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
        for basis in [DecisionBasis.consent, .default, .expired, .gpc] { #expect(text(basis.wireBytes) == basis.rawValue) }
        let reasons: [CookieVerdict.Reason] = [.essential, .explicitChoice, .noRecord, .expired, .gpc, .catalogueChanged, .undeclared]
        for reason in reasons { #expect(text(reason.wireBytes) == reason.rawValue) }
        for category in CookieCategory.allCases { #expect(text(category.wireBytes) == category.rawValue) }
    }
}
