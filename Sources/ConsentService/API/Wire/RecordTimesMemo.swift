#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The encoded times of a record body, `,"recordedAt":"…","expiresAt":"…",`, kept for the few
/// (record time, lifetime) pairs of the latest group commit: every record of a commit has the same
/// time and one of the policy's two lifetimes, so the timestamps are formatted a couple of times per
/// commit instead of twice per record. The bytes are exactly `ConsentWire.RecordBody.times(recordedAt:lifetime:)`.
///
/// Called from the log's completions (one thread at a time in practice); the lock keeps it correct from any thread.
final class RecordTimesMemo: Sendable {
    /// Most pairs kept; a new record time clears them.
    static let capacity = 4

    private struct Entry {
        let recordedAt: Date
        let lifetime: TimeInterval
        let bytes: [UInt8]
    }

    private let entries = Mutex<[Entry]>([])

    init() {}

    /// `,"recordedAt":"…","expiresAt":"…",` for `recordedAt` and `lifetime` (seconds).
    func times(recordedAt: Date, lifetime: TimeInterval) -> [UInt8] {
        if let hit = entries.withLock({ entries in
            entries.first { $0.recordedAt == recordedAt && $0.lifetime == lifetime }?.bytes
        }) {
            return hit
        }
        let bytes = ConsentWire.RecordBody.times(recordedAt: recordedAt, lifetime: lifetime)
        entries.withLock { entries in
            if entries.count >= Self.capacity || entries.contains(where: { $0.recordedAt != recordedAt }) {
                entries.removeAll(keepingCapacity: true)
            }
            entries.append(Entry(recordedAt: recordedAt, lifetime: lifetime, bytes: bytes))
        }
        return bytes
    }
}
