import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Remembers the responses to requests that carried an `Idempotency-Key`, so a retry
/// replays the first answer instead of writing again (draft-ietf-httpapi-idempotency-key-header).
///
/// Protocol for a handler:
/// 1. `begin(key:fingerprint:)`.
///    - `.proceed(ticket)`: do the work, then `complete(_:with:)` (or `abandon(_:)` when the
///      outcome must not be replayed, e.g. a 503; the next retry then runs again).
///    - `.replay(response)`: send the stored response, write nothing.
///    - `.conflict`: the key was used with another request (fingerprint) → 409.
///    - `.inProgress`: an identical request holding the key has not finished yet → 409
///      (the client retries later; nothing waits server-side, so a stuck client cannot
///      pile up waiters). An in-flight hold older than `Limits.inFlightTimeout` is
///      considered abandoned and the key can be taken over.
///
/// Entries live `Limits.ttl` (24 h) from `begin`. Memory is bounded by entry count and by
/// stored bytes; when either bound is reached the oldest entries are evicted first (a
/// retry of an evicted key runs again). Thread-safe: all state sits behind one `Mutex`.
/// Pure apart from the injected clock.
final class IdempotencyStore: Sendable {
    /// A validated `Idempotency-Key` value: 1–255 visible ASCII characters (%x21-7E),
    /// compared exactly (surrounding quotes, if sent, are part of the key).
    struct Key: Hashable, Sendable {
        let rawValue: String
        /// Maximum length in characters: 255.
        static let maxLength = 255

        init?(_ value: String) {
            let bytes = value.utf8
            guard (1...Self.maxLength).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                return nil
            }
            rawValue = value
        }
    }

    /// SHA-256 over method, request target and body: two requests are "the same" exactly
    /// when their fingerprints are equal.
    struct Fingerprint: Hashable, Sendable {
        let digest: [UInt8]

        /// - Parameters:
        ///   - method: e.g. `POST`.
        ///   - target: The path with its query, as received.
        ///   - body: The request body bytes.
        init(method: String, target: String, body: [UInt8]) {
            var hasher = SHA256()
            hasher.update(Array(method.utf8))
            hasher.update([0])  // NUL separates fields: it can appear in neither method nor target
            hasher.update(Array(target.utf8))
            hasher.update([0])
            hasher.update(body)
            digest = hasher.finalize()
        }
    }

    /// What is replayed: status, the headers worth replaying, body.
    struct StoredResponse: Hashable, Sendable {
        struct Header: Hashable, Sendable {
            let name: String
            let value: String
        }

        let status: Int
        let headers: [Header]
        let body: [UInt8]

        init(status: Int, headers: [Header] = [], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// Bytes charged against `Limits.maxStoredBytes`.
        var size: Int { body.count + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count } }
    }

    struct Limits: Hashable, Sendable {
        /// How long a key is remembered after `begin`. Default 24 hours.
        var ttl: Duration = .seconds(24 * 3_600)
        /// After this long, an unfinished hold is treated as abandoned. Default 60 seconds.
        var inFlightTimeout: Duration = .seconds(60)
        /// Maximum remembered keys. Default 100,000.
        var maxEntries = 100_000
        /// Maximum bytes charged for all entries (responses plus per-entry overhead). Default 64 MiB.
        var maxStoredBytes = 64 * 1_024 * 1_024
        /// A response larger than this is not stored (the key is released). Default 64 KiB.
        var maxResponseBytes = 64 * 1_024
        /// Bytes charged per entry besides its response (key, fingerprint, bookkeeping). Default 384.
        var entryOverheadBytes = 384
    }

    /// Proof that the caller holds a key; pass it back to `complete` or `abandon`.
    struct Ticket: Hashable, Sendable {
        let key: Key
        fileprivate let generation: UInt64
    }

    enum Outcome: Hashable, Sendable {
        case proceed(Ticket)
        case replay(StoredResponse)
        case conflict
        case inProgress
    }

    private enum Phase: Hashable {
        case inFlight
        case completed(StoredResponse)
    }

    private struct Entry {
        let fingerprint: Fingerprint
        let createdAt: Date
        let generation: UInt64
        var phase: Phase
        var chargedBytes: Int
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Keys in `begin` order, with the generation they were inserted under; an item
        /// whose generation no longer matches its entry is stale and skipped.
        var order: [(key: Key, generation: UInt64)] = []
        var head = 0
        var storedBytes = 0
        var nextGeneration: UInt64 = 1
    }

    let limits: Limits
    private let clock: any WallClock
    private let state = Mutex(State())

    init(limits: Limits = Limits(), clock: any WallClock) {
        self.limits = limits
        self.clock = clock
    }

    /// Number of remembered keys (in flight or completed).
    var count: Int { state.withLock { $0.entries.count } }
    /// Bytes currently charged (see `Limits.maxStoredBytes`).
    var storedBytes: Int { state.withLock { $0.storedBytes } }

    /// Looks `key` up and, if unknown, holds it for this request.
    func begin(key: Key, fingerprint: Fingerprint) -> Outcome {
        let now = clock.now()
        return state.withLock { state in
            purgeExpired(&state, now: now)
            if let entry = state.entries[key] {
                guard entry.fingerprint == fingerprint else { return .conflict }
                switch entry.phase {
                case .completed(let response):
                    return .replay(response)
                case .inFlight:
                    if now.timeIntervalSince(entry.createdAt) < Self.seconds(limits.inFlightTimeout) { return .inProgress }
                    remove(key, from: &state)  // abandoned hold: take it over
                }
            }
            while state.entries.count >= max(limits.maxEntries, 1), evictOldest(&state) {}
            let generation = state.nextGeneration
            state.nextGeneration += 1
            let charge = limits.entryOverheadBytes + key.rawValue.utf8.count
            state.entries[key] = Entry(fingerprint: fingerprint, createdAt: now, generation: generation,
                                       phase: .inFlight, chargedBytes: charge)
            state.order.append((key, generation))
            state.storedBytes += charge
            while state.storedBytes > limits.maxStoredBytes, state.entries.count > 1, evictOldest(&state) {}
            return .proceed(Ticket(key: key, generation: generation))
        }
    }

    /// Stores `response` for the held key, to be replayed to retries.
    /// - Returns: `false` when nothing was stored: the response exceeds
    ///   `Limits.maxResponseBytes` (the key is released) or the hold was evicted meanwhile.
    @discardableResult
    func complete(_ ticket: Ticket, with response: StoredResponse) -> Bool {
        state.withLock { state in
            guard var entry = state.entries[ticket.key], entry.generation == ticket.generation,
                  entry.phase == .inFlight else { return false }
            guard response.size <= limits.maxResponseBytes else {
                remove(ticket.key, from: &state)
                return false
            }
            entry.phase = .completed(response)
            entry.chargedBytes += response.size
            state.storedBytes += response.size
            state.entries[ticket.key] = entry
            while state.storedBytes > limits.maxStoredBytes, evictOldest(&state) {}
            return state.entries[ticket.key]?.generation == ticket.generation
        }
    }

    /// Releases a held key without storing anything, so a retry runs again.
    func abandon(_ ticket: Ticket) {
        state.withLock { state in
            guard let entry = state.entries[ticket.key], entry.generation == ticket.generation,
                  entry.phase == .inFlight else { return }
            remove(ticket.key, from: &state)
        }
    }

    // MARK: Bookkeeping (called with the lock held)

    private func remove(_ key: Key, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: key) else { return }
        state.storedBytes -= entry.chargedBytes
    }

    /// Drops entries older than the TTL. `order` is in creation order, so expired entries
    /// are always at its front.
    private func purgeExpired(_ state: inout State, now: Date) {
        let ttl = Self.seconds(limits.ttl)
        while state.head < state.order.count {
            let item = state.order[state.head]
            if let entry = state.entries[item.key], entry.generation == item.generation {
                guard now.timeIntervalSince(entry.createdAt) >= ttl else { break }
                remove(item.key, from: &state)
            }
            state.head += 1
        }
        compactOrder(&state)
    }

    /// Removes the oldest live entry (skipping stale order items).
    /// - Returns: `false` when there was nothing left to evict.
    private func evictOldest(_ state: inout State) -> Bool {
        defer { compactOrder(&state) }
        while state.head < state.order.count {
            let item = state.order[state.head]
            state.head += 1
            if let entry = state.entries[item.key], entry.generation == item.generation {
                remove(item.key, from: &state)
                return true
            }
        }
        return false
    }

    /// Keeps `order` from growing without bound: drops the consumed prefix once it is
    /// more than half the array.
    private func compactOrder(_ state: inout State) {
        if state.head == state.order.count {
            state.order.removeAll(keepingCapacity: true)
            state.head = 0
        } else if state.head > 1_024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
