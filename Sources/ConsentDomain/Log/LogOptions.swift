#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When the log forces appended bytes to stable storage.
public enum FsyncPolicy: String, Sendable, Hashable {
    /// `fdatasync` after every batch, before any waiter is completed (the default; "201 means on disk").
    case always
    /// Never sync (benchmarks and throw-away environments only): a crash may lose acknowledged records.
    case never
}

/// Tunables of the consent log, with their units and defaults.
public struct LogOptions: Sendable {
    /// Size after which the writer starts a new segment, in bytes. Default 64 MiB.
    /// Clamped to 4 KiB…1 GiB. A segment may exceed it by at most one record.
    public var segmentSize: Int = 64 * 1024 * 1024
    /// Sync policy. Default `.always`.
    public var fsync: FsyncPolicy = .always
    /// Whole segments whose newest record is older than this are deleted. Default 365 days.
    public var retention: Duration = .seconds(365 * 86_400)
    /// Whether a second thread syncs while the writer writes the next batch (pipelined group commit).
    /// Default `false`: the writer syncs, publishes and acknowledges each batch itself, and appends
    /// that arrive meanwhile form the next batch. Either way a record is acknowledged only after an
    /// `fdatasync` that started after its `write` returned. The single thread needs one thread
    /// wake-up less per group commit (≈ 2k against ≈ 18k wake-ups per 6 s under load) and used less
    /// server CPU per append in most same-run comparisons on a 2-core machine (see BENCHMARKS.md).
    public var pipelinesSyncs = false
    /// Most records the writer takes into one batch (one write, one sync). Default 4,096.
    public var maxBatchRecords: Int = 4_096
    /// Longest accepted record line, in bytes, newline excluded. Default 16 KiB; longer drafts
    /// are refused, and longer lines at replay are damage.
    public var maxLineBytes: Int = 16 * 1024
    /// Called by the log's thread that synced (the writer, or the syncer when pipelined) after each
    /// group commit (written, synced per `fsync`, published, before its waiters are completed) with
    /// the number of records it acknowledges and the seconds spent
    /// in `fdatasync` for it (0 with `.never`). Not called for a failed batch. Must be quick and must
    /// not append to the log. Default `nil`. Feeds the group-commit metrics.
    public var onGroupCommit: (@Sendable (_ records: Int, _ syncSeconds: Double) -> Void)?
    /// Called (from whichever thread noticed) with a constant message and dotted metadata when the log
    /// works on in a degraded way — today only when segment preallocation is not possible (reported once
    /// per open log; appends go on without it). Must be quick. Default `nil` (not reported).
    public var onWarning: (@Sendable (_ message: String, _ metadata: [String: String]) -> Void)?
    /// Wraps the acknowledgement of each group commit: called on the log's thread with a closure
    /// that completes every waiter of the commit, which it must call exactly once, synchronously.
    /// The service uses it to wake each event loop once per commit (`LoopWakeBatch`) instead of at
    /// its first completion. Default `nil` (completions run directly).
    public var completionScope: (@Sendable (_ completeAll: () -> Void) -> Void)?
    /// Zeros the writer keeps written ahead of its records in the active segment, in bytes (see
    /// `LogWriter.extend`); 0 turns it off. Default 1 MiB. Internal: tests shrink it.
    var extensionBytes = 1 << 20
    /// Test hook: makes the writer's `write` / `fdatasync` fail with an injected errno.
    var faults: LogFaultInjector?

    public init(segmentSize: Int = 64 * 1024 * 1024, fsync: FsyncPolicy = .always,
                retention: Duration = .seconds(365 * 86_400)) {
        self.segmentSize = segmentSize
        self.fsync = fsync
        self.retention = retention
    }

    /// `segmentSize` within its bounds.
    var effectiveSegmentSize: Int { min(max(segmentSize, 4_096), 1 << 30) }

    /// Retention in milliseconds.
    var retentionMilliseconds: Int64 {
        let (seconds, attoseconds) = retention.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
