import ConsentDomain
import Foundation
import Synchronization
import Testing
@testable import ConsentService

/// A clock the test moves by hand.
final class IdempotencyTestClock: WallClock {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct IdempotencyStoreTests {
    typealias Store = IdempotencyStore

    static func key(_ s: String) -> Store.Key {
        guard let key = Store.Key(s) else { preconditionFailure("test key must be valid") }  // fixture constant
        return key
    }
    static func fingerprint(_ body: String, method: String = "POST", target: String = "/v1/consents") -> Store.Fingerprint {
        Store.Fingerprint(method: method, target: target, body: Array(body.utf8))
    }
    static let created = Store.StoredResponse(status: 201, headers: [.init(name: "Location", value: "/v1/visitors/abcdefgh/consent")],
                                              body: Array(#"{"consentId":"c1"}"#.utf8))

    func ticket(_ outcome: Store.Outcome) -> Store.Ticket? {
        if case .proceed(let ticket) = outcome { return ticket }
        return nil
    }

    /// Keys are 1–255 visible ASCII characters; empty, longer, spaced or non-ASCII keys are refused.
    @Test func keyValidation() {
        #expect(Store.Key(String(repeating: "k", count: 255)) != nil)
        #expect(Store.Key("\"quoted-key\"") != nil)
        #expect(Store.Key("") == nil)
        #expect(Store.Key(String(repeating: "k", count: 256)) == nil)
        #expect(Store.Key("has space") == nil)
        #expect(Store.Key("clé") == nil)
    }

    /// The fingerprint changes with method, target or body, and field boundaries cannot be shifted.
    @Test func fingerprint_coversMethodTargetAndBody() {
        let base = Self.fingerprint("{}")
        #expect(base == Self.fingerprint("{}"))
        #expect(base != Self.fingerprint("{} "))
        #expect(base != Self.fingerprint("{}", method: "PUT"))
        #expect(base != Self.fingerprint("{}", target: "/v1/consents?x=1"))
        #expect(Store.Fingerprint(method: "POST", target: "/a", body: Array("b".utf8))
            != Store.Fingerprint(method: "POST", target: "/ab", body: []))
    }

    /// The same key and request after completion replays the stored response.
    @Test func sameKeySameRequest_replays() {
        let store = Store(clock: IdempotencyTestClock())
        let t = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")))
        #expect(t != nil)
        if let t { #expect(store.complete(t, with: Self.created)) }
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")) == .replay(Self.created))
    }

    /// The same key with another body is a conflict, before and after completion.
    @Test func sameKeyOtherRequest_conflicts() {
        let store = Store(clock: IdempotencyTestClock())
        let t = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")))
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{\"x\":1}")) == .conflict)
        if let t { store.complete(t, with: Self.created) }
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{\"x\":1}")) == .conflict)
    }

    /// An identical request while the first is in flight gets `inProgress`.
    @Test func identicalRequestInFlight_isInProgress() {
        let store = Store(clock: IdempotencyTestClock())
        _ = store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}"))
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")) == .inProgress)
    }

    /// Abandoning a hold lets the next retry proceed.
    @Test func abandon_releasesKey() {
        let store = Store(clock: IdempotencyTestClock())
        if let t = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}"))) { store.abandon(t) }
        #expect(ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}"))) != nil)
        #expect(store.count == 1)
    }

    /// A hold older than the in-flight timeout is taken over; the stale ticket can no longer complete.
    @Test func staleHold_isTakenOver() {
        let clock = IdempotencyTestClock()
        let store = Store(clock: clock)
        let stale = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")))
        clock.advance(by: 59)
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")) == .inProgress)
        clock.advance(by: 1)
        let fresh = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")))
        #expect(fresh != nil)
        if let stale { #expect(!store.complete(stale, with: Self.created)) }
    }

    /// A stored response replays until just before 24 h and is forgotten at 24 h.
    @Test func entry_expiresAfter24Hours() {
        let clock = IdempotencyTestClock()
        let store = Store(clock: clock)
        if let t = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}"))) { store.complete(t, with: Self.created) }
        clock.advance(by: 24 * 3_600 - 0.001)
        #expect(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")) == .replay(Self.created))
        clock.advance(by: 0.001)
        #expect(ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{other}"))) != nil)
    }

    /// At the entry bound, the oldest key is evicted first.
    @Test func entryBound_evictsOldest() {
        var limits = Store.Limits()
        limits.maxEntries = 2
        let store = Store(limits: limits, clock: IdempotencyTestClock())
        for k in ["k1", "k2", "k3"] {
            if let t = ticket(store.begin(key: Self.key(k), fingerprint: Self.fingerprint(k))) { store.complete(t, with: Self.created) }
        }
        #expect(store.count == 2)
        #expect(ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("k1"))) != nil)
        #expect(store.begin(key: Self.key("k3"), fingerprint: Self.fingerprint("k3")) == .replay(Self.created))
    }

    /// Over the byte bound, the oldest entries are evicted until it fits.
    @Test func byteBound_evictsOldest() {
        var limits = Store.Limits()
        limits.entryOverheadBytes = 0
        limits.maxStoredBytes = 250
        let store = Store(limits: limits, clock: IdempotencyTestClock())
        let response = Store.StoredResponse(status: 201, body: [UInt8](repeating: 0x41, count: 100))
        for k in ["k1", "k2", "k3"] {
            if let t = ticket(store.begin(key: Self.key(k), fingerprint: Self.fingerprint(k))) { store.complete(t, with: response) }
        }
        #expect(store.storedBytes <= 250 && store.count == 2)
        #expect(ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("k1"))) != nil)
    }

    /// A response over the size bound is not stored and the key is released.
    @Test func oversizedResponse_isNotStored() {
        var limits = Store.Limits()
        limits.maxResponseBytes = 10
        let store = Store(limits: limits, clock: IdempotencyTestClock())
        let t = ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}")))
        if let t { #expect(!store.complete(t, with: Self.created)) }
        #expect(store.count == 0 && store.storedBytes == 0)
    }

    /// Of many concurrent identical requests, exactly one proceeds; the rest see `inProgress`.
    @Test func concurrentIdenticalRequests_onlyOneProceeds() async {
        let store = Store(clock: IdempotencyTestClock())
        let proceeded = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { self.ticket(store.begin(key: Self.key("k1"), fingerprint: Self.fingerprint("{}"))) != nil }
            }
            var n = 0
            for await didProceed in group where didProceed { n += 1 }
            return n
        }
        #expect(proceeded == 1)
    }
}
