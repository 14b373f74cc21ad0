import ConsentDomain
import Synchronization

/// Remembers where recent export pages ended (cursor → segment and byte offset), so the next
/// page continues reading there instead of re-reading its segment from the start. A miss only
/// costs time: the log locates the cursor itself.
final class ExportCursorCache: Sendable {
    /// Most positions kept: 256 (a few concurrent paging auditors); the oldest is dropped first.
    static let capacity = 256

    private struct Storage {
        var positions: [UInt64: LogReadPosition] = [:]
        var order: [UInt64] = []
    }

    private let storage = Mutex(Storage())

    init() {}

    /// The position recorded for cursor `sequence`, if any.
    func position(after sequence: UInt64) -> LogReadPosition? {
        storage.withLock { $0.positions[sequence] }
    }

    /// Records where the page ending at `position.sequence` stopped.
    func remember(_ position: LogReadPosition) {
        storage.withLock { storage in
            if storage.positions.updateValue(position, forKey: position.sequence) == nil {
                storage.order.append(position.sequence)
            }
            while storage.order.count > Self.capacity {
                storage.positions[storage.order.removeFirst()] = nil
            }
        }
    }
}
