#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The encoded times of a record body, `,"recordedAt":"…","expiresAt":"…",`, kept for the few
/// (record time, lifetime) pairs of the latest group commit: every record of a commit has the same
/// time and one of the policy's two lifetimes, so the timestamps are formatted a couple of times per
/// commit instead of twice per record. The bytes are exactly `ConsentWire.RecordBody.times(recordedAt:lifetime:)`.
///
/// Each thread keeps its own pairs (the event loops make the bodies): no lock or cache line shared
/// between the loops. The bytes depend only on the pair, so there is nothing to keep per caller.
enum RecordTimesMemo {
    /// Most pairs kept per thread; a new record time clears them.
    static let capacity = 4

    private struct Entry {
        let recordedAt: Date
        let lifetime: TimeInterval
        let bytes: [UInt8]
    }

    /// One thread's pairs.
    private final class Entries {
        var list: [Entry] = []
    }

    private static let perThread = ThreadOwned<Entries>()

    /// `,"recordedAt":"…","expiresAt":"…",` for `recordedAt` and `lifetime` (seconds).
    static func times(recordedAt: Date, lifetime: TimeInterval) -> [UInt8] {
        let entries = perThread.value { Entries() }
        for entry in entries.list where entry.recordedAt == recordedAt && entry.lifetime == lifetime {
            return entry.bytes
        }
        let bytes = ConsentWire.RecordBody.times(recordedAt: recordedAt, lifetime: lifetime)
        if entries.list.count >= capacity || entries.list.contains(where: { $0.recordedAt != recordedAt }) {
            entries.list.removeAll(keepingCapacity: true)
        }
        entries.list.append(Entry(recordedAt: recordedAt, lifetime: lifetime, bytes: bytes))
        return bytes
    }
}
