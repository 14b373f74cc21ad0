import Testing
@testable import ConsentDomain

@Suite struct ConsentModeTests {
    /// Essential only: every signal denied except `security_storage`.
    @Test func essentialOnly_deniesAllButSecurity() {
        let fields = ConsentModeSignals(choices: .essentialOnly).fields
        #expect(fields.filter { $0.status == .granted }.map(\.key) == ["security_storage"])
    }

    /// Targeting grants the three ad signals and nothing else.
    @Test func targeting_grantsAdSignals() {
        let fields = ConsentModeSignals(choices: .init(targeting: true)).fields
        #expect(fields.filter { $0.status == .granted }.map(\.key)
            == ["ad_storage", "ad_user_data", "ad_personalization", "security_storage"])
    }

    /// Analytics grants `analytics_storage` only.
    @Test func analytics_grantsAnalyticsStorage() {
        let signals = ConsentModeSignals(choices: .init(analytics: true))
        #expect(signals.analyticsStorage == .granted && signals.adStorage == .denied && signals.functionalityStorage == .denied)
    }

    /// Functionality grants functionality and personalization storage.
    @Test func functionality_grantsFunctionalityAndPersonalization() {
        let signals = ConsentModeSignals(choices: .init(functionality: true))
        #expect(signals.functionalityStorage == .granted && signals.personalizationStorage == .granted)
        #expect(signals.analyticsStorage == .denied && signals.adPersonalization == .denied)
    }

    /// Field keys and wire values are the Consent Mode v2 spellings, in order.
    @Test func fields_useWireSpellings() {
        let fields = ConsentModeSignals(choices: .all).fields
        #expect(fields.map(\.key) == ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                                      "functionality_storage", "personalization_storage", "security_storage"])
        #expect(fields.allSatisfy { $0.status.rawValue == "granted" })
    }
}
