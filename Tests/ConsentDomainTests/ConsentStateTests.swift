import Foundation
import Testing
@testable import ConsentDomain

@Suite struct ConsentStateTests {
    /// The default state allows essential only and has no dates.
    @Test func defaultState_allowsEssentialOnly() {
        let state = ConsentState.default
        #expect(state.effectiveChoices == .essentialOnly && state.expiresAt == nil && state.snapshot == nil)
        #expect(state.name == "default")
    }

    /// An expired state allows essential only, whatever was chosen.
    @Test func expiredState_allowsEssentialOnly() {
        let state = ConsentState.expired(DecisionFixtures.snapshot(.all), expiredAt: DecisionFixtures.t0)
        #expect(state.effectiveChoices == .essentialOnly && state.name == "expired")
        #expect(state.reconsentRequired.isEmpty)
    }

    /// A granted state's effective choices drop the categories needing re-consent.
    @Test func grantedState_dropsReconsentCategories() {
        let state = DecisionFixtures.granted(.all, reconsent: [.analytics])
        #expect(state.effectiveChoices == ConsentChoices(functionality: true, analytics: false, targeting: true))
        #expect(state.name == "granted" && state.reconsentRequired == [.analytics])
    }

    /// A withdrawal within its TTL is a granted state that allows nothing optional.
    @Test func withdrawal_isGrantedWithNothingOptional() {
        let snap = DecisionFixtures.snapshot(.essentialOnly, action: .withdraw)
        let state = ConsentPolicy().state(for: snap, catalogue: DecisionFixtures.catalogue, now: DecisionFixtures.t0)
        #expect(state.name == "granted" && state.effectiveChoices == .essentialOnly)
    }
}
