import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// A segment as the open log tracks it.
struct SegmentEntry {
    var name: String
    var firstSequence: UInt64
    /// Never reused while the log is open; the high half of a `RecordPosition`.
    var ordinal: UInt32
    /// Bytes known durable (readers never read past them).
    var durableBytes: Int
    var recordCount: Int
    /// Time of the newest record, ms since 1970; `nil` while empty.
    var lastTimeMilliseconds: Int64?
    /// The `prev` of the segment's first record (the retention anchor if older segments go).
    var prevOfFirst: ChainHash
}

/// State shared by readers, the writer and the retention sweep, behind one lock.
struct LogState {
    var index = ConsentIndex()
    var segments: [SegmentEntry] = []
    var health: LogHealth = .writable
    var records = 0
    var lastSequence: UInt64 = 0
    var headHash = ChainHash.genesis
    var appended = 0
    var batches = 0
    var nextOrdinal: UInt32 = 0

    func segmentName(ordinal: UInt32) -> String? {
        segments.first { $0.ordinal == ordinal }?.name
    }
}

/// An append waiting for the writer.
struct PendingAppend {
    var draft: ConsentDraft
    var completion: @Sendable (Result<ConsentRecord, LogError>) -> Void
}

/// The appenders' queue.
struct Inbox {
    var pending: [PendingAppend] = []
    /// The writer found the queue empty and is (about to be) blocked on its semaphore.
    var isWriterWaiting = false
    var isClosed = false
    /// Set once a write or sync failed: every later append is refused with it.
    var failure: String?
}

/// What the writer thread and the public façade share.
final class LogCore: Sendable {
    let directory: String
    let options: LogOptions
    let clock: any WallClock
    let state: Mutex<LogState>
    let inbox = Mutex(Inbox())
    let wakeWriter = DispatchSemaphore(value: 0)
    let writerStopped = DispatchSemaphore(value: 0)

    init(directory: String, options: LogOptions, clock: any WallClock, state: consuming LogState) {
        self.directory = directory
        self.options = options
        self.clock = clock
        self.state = Mutex(state)
    }

    func path(of segment: String) -> String { directory + "/" + segment }

    /// Name of the writer thread; `close()` called on it (from a completion) must not wait for itself.
    static let writerThreadName = "consent-log-writer"
}
