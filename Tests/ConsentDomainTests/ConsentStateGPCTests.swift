import Testing
@testable import ConsentDomain

@Suite struct ConsentStateGPCTests {
    /// `Sec-GPC: 1` asserts the signal, also with surrounding whitespace.
    @Test(arguments: ["1", " 1", "1\t", " 1 "])
    func headerOne_assertsSignal(value: String) {
        #expect(GlobalPrivacyControl.isAsserted(byHeader: value))
    }

    /// Any other value, or no header, is no signal.
    @Test(arguments: [nil, "", "0", "11", "true", "1,1", "01"] as [String?])
    func otherValues_doNotAssertSignal(value: String?) {
        #expect(!GlobalPrivacyControl.isAsserted(byHeader: value))
    }

    /// The signal forces targeting off and says so.
    @Test func signal_forcesTargetingOff() {
        let (choices, changed) = GlobalPrivacyControl.apply(to: .all, asserted: true)
        #expect(changed && choices == ConsentChoices(functionality: true, analytics: true, targeting: false))
    }

    /// The signal changes nothing when targeting is already refused.
    @Test func signal_changesNothing_whenTargetingRefused() {
        let (choices, changed) = GlobalPrivacyControl.apply(to: .init(analytics: true), asserted: true)
        #expect(!changed && choices == ConsentChoices(analytics: true))
    }
}
