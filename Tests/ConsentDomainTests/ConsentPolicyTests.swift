import Foundation
import Testing
@testable import ConsentDomain

@Suite struct ConsentPolicyTests {
    let t0 = DecisionFixtures.t0
    let catalogue = DecisionFixtures.catalogue
    let day: TimeInterval = 86_400

    /// The default TTL is 180 days (15,552,000 s) for both acceptance and refusal.
    @Test func defaultTTLs_are180Days() {
        let policy = ConsentPolicy()
        #expect(policy.acceptanceTTL == .seconds(15_552_000) && policy.refusalTTL == .seconds(15_552_000))
    }

    /// A record's lifetime is `expiresAt - recordedAt` of a snapshot with its action and choices:
    /// the refusal TTL for refusals and withdrawals, the acceptance TTL otherwise (fractions kept to 1 µs).
    @Test func lifetime_isExpiresAtMinusRecordedAt() {
        let policy = ConsentPolicy(acceptanceTTL: .seconds(90 * 86_400), refusalTTL: .milliseconds(12_345_678_901))
        let epoch = Date(timeIntervalSince1970: 0)
        for action in [ConsentAction.grant, .withdraw] {
            for bits in 0..<8 {
                let choices = ConsentChoices(functionality: bits & 1 != 0, analytics: bits & 2 != 0, targeting: bits & 4 != 0)
                let snapshot = ConsentSnapshot(sequence: 1, consentID: "c", recordedAt: epoch, action: action, choices: choices,
                                               gpcApplied: false, catalogueVersion: "v", categoryVersions: [:])
                let lifetime = policy.lifetime(action: action, choices: choices)
                #expect(lifetime == policy.expiresAt(for: snapshot).timeIntervalSince(epoch))
                #expect(abs(lifetime - (action == .withdraw || bits == 0 ? 12_345_678.901 : 90 * 86_400)) < 1e-6)
            }
        }
    }

    /// No record gives the `default` state.
    @Test func noSnapshot_isDefault() {
        #expect(ConsentPolicy().state(for: nil, catalogue: catalogue, now: t0) == .default)
    }

    /// An acceptance is still granted one millisecond before its expiry.
    @Test func acceptance_isGranted_justBeforeExpiry() {
        let snap = DecisionFixtures.snapshot(.all)
        let now = t0.addingTimeInterval(180 * day - 0.001)
        let state = ConsentPolicy().state(for: snap, catalogue: catalogue, now: now)
        #expect(state == .granted(snap, expiresAt: t0.addingTimeInterval(180 * day), reconsentRequired: []))
    }

    /// An acceptance is expired at exactly its expiry instant.
    @Test func acceptance_isExpired_atExpiry() {
        let snap = DecisionFixtures.snapshot(.all)
        let expiry = t0.addingTimeInterval(180 * day)
        #expect(ConsentPolicy().state(for: snap, catalogue: catalogue, now: expiry) == .expired(snap, expiredAt: expiry))
    }

    /// A refusal uses the refusal TTL, not the acceptance TTL.
    @Test func refusal_usesRefusalTTL() {
        let policy = ConsentPolicy(acceptanceTTL: .seconds(90 * 86_400), refusalTTL: .seconds(30 * 86_400))
        let snap = DecisionFixtures.snapshot(.essentialOnly)
        #expect(policy.expiresAt(for: snap) == t0.addingTimeInterval(30 * day))
        #expect(policy.state(for: snap, catalogue: catalogue, now: t0.addingTimeInterval(30 * day)).name == "expired")
    }

    /// A partial acceptance (one category) uses the acceptance TTL.
    @Test func partialAcceptance_usesAcceptanceTTL() {
        let policy = ConsentPolicy(acceptanceTTL: .seconds(90 * 86_400), refusalTTL: .seconds(30 * 86_400))
        let snap = DecisionFixtures.snapshot(.init(analytics: true))
        #expect(policy.state(for: snap, catalogue: catalogue, now: t0.addingTimeInterval(31 * day)).name == "granted")
        #expect(policy.expiresAt(for: snap) == t0.addingTimeInterval(90 * day))
    }

    /// A withdrawal counts as a refusal.
    @Test func withdrawal_usesRefusalTTL() {
        let policy = ConsentPolicy(acceptanceTTL: .seconds(90 * 86_400), refusalTTL: .seconds(30 * 86_400))
        let snap = DecisionFixtures.snapshot(.essentialOnly, action: .withdraw)
        #expect(policy.ttl(for: snap) == .seconds(30 * 86_400))
    }

    /// A change in one optional category lists exactly that category for re-consent.
    @Test func changeInOneCategory_requiresReconsentForThatCategoryOnly() {
        let old = DecisionFixtures.make(analyticsPurpose: "before")
        let snap = DecisionFixtures.snapshot(.all, versions: old.categoryVersions)
        #expect(ConsentPolicy().state(for: snap, catalogue: catalogue, now: t0).reconsentRequired == [.analytics])
    }

    /// A change in essential cookies does not require re-consent.
    @Test func changeInEssential_doesNotRequireReconsent() {
        let old = DecisionFixtures.make(essentialPurpose: "before")
        let snap = DecisionFixtures.snapshot(.all, versions: old.categoryVersions)
        #expect(old.version != catalogue.version)
        #expect(ConsentPolicy().state(for: snap, catalogue: catalogue, now: t0).reconsentRequired.isEmpty)
    }

    /// A record with no category versions needs re-consent for every optional category.
    @Test func missingCategoryVersions_requireReconsentForAllOptional() {
        let snap = DecisionFixtures.snapshot(.all, versions: [:])
        #expect(ConsentPolicy().state(for: snap, catalogue: catalogue, now: t0).reconsentRequired
            == [.functionality, .analytics, .targeting])
    }
}
