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

/// A record the writer has written, with what the index needs once it is durable.
struct WrittenRecord {
    var record: ConsentRecord
    var position: RecordPosition
    var consentID: CompactID
    var bits: UInt8
    var completion: @Sendable (Result<ConsentRecord, LogError>) -> Void
}

/// The records of one `write` call whose `write` has returned, waiting for an `fdatasync`
/// that starts after it (see `LogSyncer`).
struct WrittenUnit {
    /// The segment file written to; the syncer syncs it, and closes it when `closesFile` is set.
    var fd: CInt
    var path: String
    var ordinal: UInt32
    /// Size of the segment after this write, in bytes (durable once synced).
    var endSize: Int
    /// The writer moved on to a new segment after this write: the syncer closes `fd` after syncing it.
    var closesFile: Bool
    /// The segment this unit starts, entered into the segment table when the unit is published.
    var newSegment: SegmentEntry?
    /// Record time of the unit's records, ms since 1970.
    var timeMilliseconds: Int64
    /// Chain head after the unit's last record.
    var head: ChainHash
    var records: [WrittenRecord]
}

/// Units written and not yet synced, in write order: the writer appends, the syncer takes them all.
struct SyncQueue {
    var units: [WrittenUnit] = []
    /// The syncer found the queue empty and is (about to be) blocked on its semaphore.
    var isSyncerWaiting = false
    /// The writer has stopped: the syncer finishes the queue and stops.
    var isWriterDone = false
    /// Set once a write or sync failed: every unit not yet acknowledged fails with it.
    var failure: LogError?
}

/// What the writer thread, the syncer thread and the public façade share.
final class LogCore: Sendable {
    let directory: String
    let options: LogOptions
    let clock: any WallClock
    let state: Mutex<LogState>
    let inbox = Mutex(Inbox())
    let wakeWriter = DispatchSemaphore(value: 0)
    let writerStopped = DispatchSemaphore(value: 0)
    let syncQueue = Mutex(SyncQueue())
    let wakeSyncer = DispatchSemaphore(value: 0)
    let syncerStopped = DispatchSemaphore(value: 0)

    /// Set once a preallocation failed and was reported (`LogOptions.onWarning` is called once).
    let hasReportedPreallocation = Atomic(false)

    init(directory: String, options: LogOptions, clock: any WallClock, state: consuming LogState) {
        self.directory = directory
        self.options = options
        self.clock = clock
        self.state = Mutex(state)
    }

    func path(of segment: String) -> String { directory + "/" + segment }

    /// Labels of the serial queues the writer and syncer loops run on (each loop holds one
    /// worker thread of libdispatch's pool for the life of the log).
    static let writerThreadName = "consent-log-writer"
    static let syncerThreadName = "consent-log-syncer"

    /// Marks the writer's and syncer's queues (both complete appends): `close()` called from a
    /// completion must not wait for the loop it is running on.
    private static let logThreadKey = DispatchSpecificKey<Bool>()

    /// Runs `body` (a loop that returns when the log closes) on its own serial queue, marked as a
    /// log thread. Dispatch rather than Foundation's `Thread`, which would load libFoundation and
    /// ICU (≈ 6 MiB resident) into a dynamically linked server for two threads.
    static func startLogThread(named label: String, _ body: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: label)
        queue.setSpecific(key: logThreadKey, value: true)
        queue.async(execute: body)
    }

    /// True on the writer's or the syncer's thread.
    static var isOnLogThread: Bool { DispatchQueue.getSpecific(key: logThreadKey) == true }

    /// Reserves the segment's size limit on disk for the open segment `fd` (see `LogFile.preallocate`).
    /// A failure is not an error: the first one is reported through `LogOptions.onWarning` and appends
    /// go on without preallocation.
    func preallocate(_ fd: CInt, path: String) {
        do throws(LogError) {
            if let code = options.faults?.failure(for: .preallocate) { throw .io(operation: "fallocate", path: path, errno: code) }
            try LogFile.preallocate(fd, length: options.effectiveSegmentSize, path: path)
        } catch {
            guard !hasReportedPreallocation.exchange(true, ordering: .relaxed) else { return }
            options.onWarning?("consent log: segment preallocation not possible; appending without it",
                               ["log.segment_path": path, "error.description": error.description])
        }
    }

    /// Cuts a segment being closed to its `length` bytes of records: the zeros written ahead of them
    /// (`LogWriter.extend`) and the blocks reserved past them (`preallocate`) go. A failure only leaves
    /// them in place — readers stop at the last non-zero byte — so it is ignored.
    static func seal(_ fd: CInt, length: Int, path: String) {
        try? LogFile.truncate(fd, to: length, path: path)
    }

    /// Puts the log in the failed state with `error` (the first failure wins): later appends are
    /// refused, /readyz reports the reason, and nothing queued or written is acknowledged any more.
    /// - Returns: The units still waiting for a sync, which the caller must fail (`LogSyncer.fail`).
    func markFailed(_ error: LogError) -> (failure: LogError, waiting: [WrittenUnit]) {
        let (failure, waiting) = syncQueue.withLock { queue -> (LogError, [WrittenUnit]) in
            if queue.failure == nil { queue.failure = error }
            let waiting = queue.units
            queue.units.removeAll()
            return (queue.failure ?? error, waiting)
        }
        let reason = failure.description
        inbox.withLock { if $0.failure == nil { $0.failure = reason } }
        state.withLock { $0.health = .failed(reason: reason) }
        return (failure, waiting)
    }
}
