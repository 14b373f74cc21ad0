import Foundation
import Testing
@testable import ConsentDomain

/// Literal catalogues and snapshots shared by the consent and decision tests.
enum DecisionFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func cookie(_ id: String, _ name: String, _ category: CookieCategory, purpose: String = "test") -> Cookie {
        Cookie(id: id, name: CookieNamePattern(braced: name), services: ["Test"], category: category,
               purpose: purpose, duration: .session(label: "Session"))
    }

    static func make(analyticsPurpose: String = "counts visits", essentialPurpose: String = "keeps the session") -> Catalogue {
        Catalogue(categories: CookieCategory.allCases.map { CategoryInfo(category: $0, name: $0.rawValue, description: "") },
                  cookies: [
                      cookie("zendesk-session", "_zendesk_session", .essential, purpose: essentialPurpose),
                      cookie("guide-hc-preview", "hc-{user_identifier}-preview", .functionality),
                      cookie("lang", "_lang", .functionality),
                      cookie("ga", "_ga", .analytics, purpose: analyticsPurpose),
                      cookie("ga-container", "_ga_{container}", .analytics),
                      cookie("fbp", "_fbp", .targeting),
                      cookie("shared-func", "_shared", .functionality),
                      cookie("shared-ads", "_shared", .targeting),
                  ])
    }

    static let catalogue = make()

    static func snapshot(_ choices: ConsentChoices, at date: Date = t0, action: ConsentAction = .grant,
                         versions: [CookieCategory: String] = catalogue.categoryVersions) -> ConsentSnapshot {
        ConsentSnapshot(sequence: 1, consentID: "c1", recordedAt: date, action: action, choices: choices,
                        gpcApplied: false, catalogueVersion: catalogue.version, categoryVersions: versions)
    }

    static func granted(_ choices: ConsentChoices, reconsent: [CookieCategory] = []) -> ConsentState {
        .granted(snapshot(choices), expiresAt: t0.addingTimeInterval(86_400), reconsentRequired: reconsent)
    }
}

@Suite struct DecisionEngineTests {
    let engine = DecisionEngine(catalogue: DecisionFixtures.catalogue)

    func verdict(_ name: String, state: ConsentState = .default, choices: ConsentChoices? = nil, gpc: Bool = false) -> CookieVerdict? {
        engine.decide(DecisionInput(choices: choices, cookieNames: [name]), state: state, gpc: gpc).verdicts.first
    }

    /// An essential cookie is allowed with reason `essential` even with no record.
    @Test func essentialCookie_isAllowed_withoutRecord() {
        let v = verdict("_zendesk_session")
        #expect(v?.isAllowed == true && v?.reason == .essential && v?.category == .essential)
    }

    /// With no record the basis is `default` and an optional cookie is denied as `no-record`.
    @Test func optionalCookie_isDeniedAsNoRecord_whenStateIsDefault() {
        let d = engine.decide(DecisionInput(cookieNames: ["_ga"]), state: .default, gpc: false)
        #expect(d.basis == .default)
        #expect(d.verdicts.first?.isAllowed == false && d.verdicts.first?.reason == .noRecord)
    }

    /// An expired choice gives basis `expired` and denies a previously allowed cookie as `expired`.
    @Test func optionalCookie_isDeniedAsExpired_whenStateIsExpired() {
        let state = ConsentState.expired(DecisionFixtures.snapshot(.all), expiredAt: DecisionFixtures.t0)
        let d = engine.decide(DecisionInput(cookieNames: ["_ga"]), state: state, gpc: false)
        #expect(d.basis == .expired && d.choices == .essentialOnly)
        #expect(d.verdicts.first?.reason == .expired && d.verdicts.first?.isAllowed == false)
    }

    /// A stored acceptance allows its categories with reason `explicit-choice`, basis `consent`.
    @Test func storedChoice_allowsChosenCategory() {
        let d = engine.decide(DecisionInput(cookieNames: ["_ga"]), state: DecisionFixtures.granted(.init(analytics: true)), gpc: false)
        #expect(d.basis == .consent)
        #expect(d.verdicts.first?.isAllowed == true && d.verdicts.first?.reason == .explicitChoice)
    }

    /// A stored refusal denies the category with reason `explicit-choice`.
    @Test func storedRefusal_deniesAsExplicitChoice() {
        let v = verdict("_fbp", state: DecisionFixtures.granted(.init(analytics: true)))
        #expect(v?.isAllowed == false && v?.reason == .explicitChoice && v?.category == .targeting)
    }

    /// Explicit choices in the request override the stored state (basis `consent`).
    @Test func explicitChoices_overrideState() {
        let state = ConsentState.expired(DecisionFixtures.snapshot(.essentialOnly), expiredAt: DecisionFixtures.t0)
        let d = engine.decide(DecisionInput(choices: .init(functionality: true), cookieNames: ["_lang", "_ga"]),
                              state: state, gpc: false)
        #expect(d.basis == .consent)
        #expect(d.verdicts.map(\.isAllowed) == [true, false])
        #expect(d.verdicts.map(\.reason) == [.explicitChoice, .explicitChoice])
    }

    /// GPC forces targeting off when the choice allowed it: basis `gpc`, reason `gpc`.
    @Test func gpc_deniesTargeting_whenChoiceAllowedIt() {
        let d = engine.decide(DecisionInput(cookieNames: ["_fbp", "_ga"]), state: DecisionFixtures.granted(.all), gpc: true)
        #expect(d.basis == .gpc && d.choices.targeting == false && d.choices.analytics == true)
        #expect(d.verdicts[0].reason == .gpc && d.verdicts[0].isAllowed == false)
        #expect(d.verdicts[1].isAllowed == true)
    }

    /// GPC does not change the basis when targeting was refused anyway.
    @Test func gpc_keepsConsentBasis_whenTargetingWasRefused() {
        let d = engine.decide(DecisionInput(cookieNames: ["_fbp"]), state: DecisionFixtures.granted(.init(analytics: true)), gpc: true)
        #expect(d.basis == .consent && d.verdicts.first?.reason == .explicitChoice)
    }

    /// GPC with no record keeps basis `default`.
    @Test func gpc_keepsDefaultBasis_withoutRecord() {
        let d = engine.decide(DecisionInput(cookieNames: ["_fbp"]), state: .default, gpc: true)
        #expect(d.basis == .default && d.verdicts.first?.reason == .noRecord)
    }

    /// A category needing re-consent is denied as `catalogue-changed`; other categories stand.
    @Test func changedCategory_isDeniedAsCatalogueChanged() {
        let old = DecisionFixtures.make(analyticsPurpose: "old purpose")
        let state = ConsentPolicy().state(for: DecisionFixtures.snapshot(.all, versions: old.categoryVersions),
                                          catalogue: DecisionFixtures.catalogue, now: DecisionFixtures.t0)
        let d = engine.decide(DecisionInput(cookieNames: ["_ga", "_lang"]), state: state, gpc: false)
        #expect(d.reconsentRequired == [.analytics])
        #expect(d.verdicts[0].isAllowed == false && d.verdicts[0].reason == .catalogueChanged)
        #expect(d.verdicts[1].isAllowed == true)
        #expect(d.consentMode.analyticsStorage == .denied)
    }

    /// A name in no entry is denied and reported as `undeclared` with no ids.
    @Test func unknownName_isDeniedAsUndeclared() {
        let v = verdict("_unknown", choices: .all)
        #expect(v?.isAllowed == false && v?.reason == .undeclared && v?.cookieIDs == [] && v?.category == nil)
    }

    /// A concrete name matches a placeholder pattern (`hc-42-preview` → `hc-{user_identifier}-preview`).
    @Test func patternEntry_matchesConcreteName() {
        let v = verdict("hc-42-preview", choices: .init(functionality: true))
        #expect(v?.cookieIDs == ["guide-hc-preview"] && v?.isAllowed == true && v?.category == .functionality)
    }

    /// A placeholder stands for at least one character, so `hc--preview` is undeclared.
    @Test func patternEntry_rejectsEmptyPlaceholder() {
        #expect(verdict("hc--preview", choices: .all)?.reason == .undeclared)
    }

    /// A name in entries of two categories is denied unless both are allowed (privacy-safe rule).
    @Test func multiCategoryName_isDenied_unlessEveryCategoryIsAllowed() {
        let partly = verdict("_shared", choices: .init(functionality: true))
        #expect(partly?.isAllowed == false && partly?.category == .targeting)
        #expect(partly?.cookieIDs == ["shared-func", "shared-ads"])
        let fully = verdict("_shared", choices: .init(functionality: true, targeting: true))
        #expect(fully?.isAllowed == true && fully?.category == .targeting)
    }

    /// Allowed and denied ids split the whole catalogue by the effective choices, in catalogue order.
    @Test func cookieIDs_splitByEffectiveChoices() {
        let d = engine.decide(DecisionInput(choices: .init(analytics: true)), state: .default, gpc: false)
        #expect(d.allowedCookieIDs == ["zendesk-session", "ga", "ga-container"])
        #expect(d.deniedCookieIDs == ["guide-hc-preview", "lang", "fbp", "shared-func", "shared-ads"])
    }

    /// `cookieIDs(for:)` gives the same split as a decision, e.g. for a consent response.
    @Test func cookieIDsForChoices_matchDecision() {
        let choices = ConsentChoices(functionality: true, targeting: true)
        let d = engine.decide(DecisionInput(choices: choices), state: .default, gpc: false)
        let ids = engine.cookieIDs(for: choices)
        #expect(ids.allowed == d.allowedCookieIDs && ids.denied == d.deniedCookieIDs)
        #expect(ids.allowed == ["zendesk-session", "guide-hc-preview", "lang", "fbp", "shared-func", "shared-ads"])
    }

    /// Names from the `Cookie` header are judged too, each distinct name once.
    @Test func cookieHeaderNames_areJudgedOnce() {
        let input = DecisionInput(cookieNames: ["_ga"], cookieHeader: "_ga=GA1.2; _lang=fr; _ga=x")
        let d = engine.decide(input, state: .default, gpc: false)
        #expect(d.verdicts.map(\.name) == ["_ga", "_lang"])
    }

    /// Denied and unparseable `Set-Cookie` lines are dropped with index, name and reason; allowed ones are kept.
    @Test func setCookieLines_deniedAndInvalidAreDropped() {
        let input = DecisionInput(setCookieLines: ["_zendesk_session=abc; Path=/; HttpOnly", "_ga=GA1.2.3; Max-Age=100",
                                                   "garbage-without-equals", "_new=1"])
        let d = engine.decide(input, state: .default, gpc: false)
        #expect(d.droppedSetCookies.map(\.index) == [1, 2, 3])
        #expect(d.droppedSetCookies.map(\.name) == ["_ga", nil, "_new"])
        #expect(d.droppedSetCookies.map(\.reason.code) == ["no-record", "invalid", "undeclared"])
    }

    /// A line deleting a denied cookie (Max-Age=0, or Expires before `now`) is kept, not dropped.
    @Test func deletionOfDeniedCookie_isNotDropped() {
        let now = DecisionFixtures.t0
        let input = DecisionInput(setCookieLines: ["_ga=; Max-Age=0", "_fbp=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                                                   "_lang=x; Expires=Thu, 01 Jan 2099 00:00:00 GMT"], now: now)
        let d = engine.decide(input, state: .default, gpc: false)
        #expect(d.droppedSetCookies.map(\.index) == [2])
        #expect(d.verdicts.map(\.isAllowed) == [false, false, false])
    }

    /// Without `now`, a past `Expires` is not trusted as a deletion; `Max-Age` takes precedence over `Expires`.
    @Test func deletionDetection_withoutNow_usesMaxAgeOnly() throws {
        let past = try SetCookieLine(parsing: "_ga=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(!past.isDeletion(now: nil) && past.isDeletion(now: DecisionFixtures.t0))
        let both = try SetCookieLine(parsing: "_ga=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(!both.isDeletion(now: DecisionFixtures.t0))
    }

    /// Duplicate names are judged once also beyond the linear-scan size (many names).
    @Test func manyNames_withDuplicates_areJudgedOnceEach() {
        let names = (0..<30).map { "_n\($0)" }
        let d = engine.decide(DecisionInput(cookieNames: names + names.reversed() + ["_ga"]), state: .default, gpc: false)
        #expect(d.verdicts.map(\.name) == names + ["_ga"])
    }

    /// Explicit choices ignore the stored state's re-consent list.
    @Test func explicitChoices_ignoreReconsentOfState() {
        let d = engine.decide(DecisionInput(choices: .all, cookieNames: ["_ga"]),
                              state: DecisionFixtures.granted(.all, reconsent: [.analytics]), gpc: false)
        #expect(d.reconsentRequired.isEmpty && d.verdicts.first?.isAllowed == true)
    }

    /// Names beyond `maxCookieNames` are not judged, and the input reports the violation.
    @Test func namesBeyondLimit_areNotJudged_andReported() {
        let limits = DecisionLimits(maxCookieNames: 2)
        let input = DecisionInput(cookieNames: ["_ga", "_lang", "_fbp"])
        let d = DecisionEngine(catalogue: DecisionFixtures.catalogue, limits: limits).decide(input, state: .default, gpc: false)
        #expect(d.verdicts.count == 2)
        #expect(input.violations(of: limits) == [.tooManyCookieNames(limit: 2)])
    }

    /// An over-long `Cookie` header is skipped (no crash, no verdicts) and reported as a violation.
    @Test func overlongCookieHeader_isSkipped() {
        let input = DecisionInput(cookieHeader: "_ga=" + String(repeating: "x", count: 9_000))
        #expect(engine.decide(input, state: .default, gpc: false).verdicts.isEmpty)
        #expect(input.violations() == [.cookieHeaderTooLong(limit: 8_192)])
    }

    /// A valid input has no violations.
    @Test func validInput_hasNoViolations() {
        #expect(DecisionInput(cookieNames: ["_ga"], cookieHeader: "a=1", setCookieLines: ["a=1"]).violations().isEmpty)
    }

    /// The engine's compiled patterns match exactly the names `CookieNamePattern.matches` does (random patterns and names).
    @Test func compiledPatterns_agreeWithCookieNamePattern() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("ab-_.".unicodeScalars)
        func randomText(_ maxLength: UInt64) -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % (maxLength + 1)) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            return String(s)
        }
        var disagreements = 0
        var matched = 0
        for _ in 0..<300 {
            var parts: [CookieNamePattern.Part] = []
            for _ in 0..<Int(1 + rng.next() % 4) {
                parts.append(rng.next() % 2 == 0 ? .literal(randomText(3)) : .placeholder("p"))
            }
            let pattern = CookieNamePattern(parts: parts)
            let compiled = CompiledPatternSet([(entry: 0, pattern: pattern)])
            for _ in 0..<40 {
                let name = randomText(8)
                var hits: [Int] = []
                compiled.appendMatches(of: name, to: &hits)
                if hits.isEmpty == pattern.matches(name) { disagreements += 1 }
                if !hits.isEmpty { matched += 1 }
            }
        }
        #expect(disagreements == 0)
        #expect(matched > 100)
    }

    /// Every verdict equals one derived directly from `Catalogue.entries(matching:)` and the documented rules,
    /// for names matching one literal, several literals, one or two patterns, a literal and a pattern, or
    /// nothing, under every choice combination, each state, with and without GPC.
    @Test func verdicts_agreeWithCatalogueMatching() {
        let catalogue = Catalogue(
            categories: CookieCategory.allCases.map { CategoryInfo(category: $0, name: $0.rawValue, description: "") },
            cookies: DecisionFixtures.catalogue.cookies + [
                DecisionFixtures.cookie("ga-special", "_ga_x", .targeting),
                DecisionFixtures.cookie("hc-any", "hc-{a}", .essential),
                DecisionFixtures.cookie("sess-2", "_zendesk_session", .essential),
            ])
        let engine = DecisionEngine(catalogue: catalogue)
        let names = ["_zendesk_session", "_ga", "_ga_x", "_ga_y", "hc-1-preview", "hc-1", "_shared", "_fbp", "_lang",
                     "unknown", "", "hc-", "_ga_"]
        let states: [ConsentState] = [
            .default, .expired(DecisionFixtures.snapshot(.all), expiredAt: DecisionFixtures.t0),
            DecisionFixtures.granted(.all), DecisionFixtures.granted(.all, reconsent: [.analytics]),
        ]
        var checked = 0
        for bits in 0..<8 {
            let choices = ConsentChoices(functionality: bits & 1 != 0, analytics: bits & 2 != 0, targeting: bits & 4 != 0)
            for state in states {
                for explicit in [nil, choices] {
                    for gpc in [false, true] {
                        let decision = engine.decide(DecisionInput(choices: explicit, cookieNames: names), state: state, gpc: gpc)
                        #expect(decision.verdicts.map(\.name) == names)
                        for verdict in decision.verdicts {
                            let expected = Self.referenceVerdict(verdict.name, catalogue: catalogue, decision: decision,
                                                                 explicit: explicit != nil, state: state, gpc: gpc)
                            #expect(verdict == expected, "\(verdict.name) \(choices) \(state.name) gpc=\(gpc)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 8 * states.count * 2 * 2 * names.count)
    }

    /// The verdict rules of `DecisionEngine`, written plainly over `Catalogue.entries(matching:)`.
    static func referenceVerdict(_ name: String, catalogue: Catalogue, decision: Decision, explicit: Bool,
                                 state: ConsentState, gpc: Bool) -> CookieVerdict {
        let entries = catalogue.entries(matching: name)
        guard !entries.isEmpty else {
            return CookieVerdict(name: name, isAllowed: false, reason: .undeclared, cookieIDs: [], category: nil)
        }
        let present = CookieCategory.allCases.filter { category in entries.contains { $0.category == category } }
        let ids = entries.map(\.id)
        if let denied = present.first(where: { !decision.choices.allows($0) }) {
            let reason: CookieVerdict.Reason
            if decision.reconsentRequired.contains(denied) {
                reason = .catalogueChanged
            } else if decision.basis == .gpc && denied == .targeting {
                reason = .gpc
            } else if explicit {
                reason = .explicitChoice
            } else {
                switch state {
                case .default: reason = .noRecord
                case .expired: reason = .expired
                case .granted: reason = .explicitChoice
                }
            }
            return CookieVerdict(name: name, isAllowed: false, reason: reason, cookieIDs: ids, category: denied)
        }
        return CookieVerdict(name: name, isAllowed: true, reason: present == [.essential] ? .essential : .explicitChoice,
                             cookieIDs: ids, category: present.last)
    }
}

@Suite struct LiteralNameTableTests {
    /// The table answers as `Dictionary<String, Int>` does for names in it, names not in it (including
    /// colliding-length and prefix names) and canonically equivalent spellings, for ASCII and mixed tables.
    @Test func answersAsADictionary() {
        let ascii = DefaultCatalogue.catalogue.cookies.filter(\.name.isLiteral).map(\.name.description)
        let tables: [[String]] = [
            Array(Set(ascii)).sorted(), ["K", "a", "b"], ["caf\u{E9}", "_x"], [], ["\u{212A}elvin", "Kelvin2"],
        ]
        for names in tables {
            let table = LiteralNameTable(names)
            let dictionary = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            var probes = names + names.map { $0 + "x" } + names.map { String($0.dropLast()) }
            probes += ["", "K", "\u{212A}", "Kelvin", "\u{212A}elvin", "cafe\u{301}", "caf\u{E9}", "_cf_bm", "unknown_cookie", "a"]
            for probe in probes { #expect(table.index(of: probe) == dictionary[probe], "\(probe) in \(names)") }
        }
    }
}
