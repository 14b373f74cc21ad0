#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch

/// The append-only, hash-chained, group-committed consent log of one data directory.
///
/// Appends are queued and written by one writer thread (see `LogWriter`), which also syncs them
/// (or, with `LogOptions.pipelinesSyncs`, a second thread syncs while the writer goes on; see
/// `LogSyncer`); a record is acknowledged only after
/// an `fdatasync` that started after its bytes were written. Reads are served from the in-memory index
/// (`latest`) or by reading the positions it keeps (`history`, `scan`). Call `close()` when
/// done; it drains the queue and stops the writer.
public final class ConsentLog: Sendable {
    let core: LogCore  // internal (not private) so ConsentLog+Export.swift can read segments

    private init(core: LogCore) { self.core = core }

    deinit { close() }

    /// Replays `directory` (creating it if missing), rebuilds the index, cuts a torn tail
    /// aside into `<directory>/quarantine/<segment>.<offset>.torn`, runs a retention sweep,
    /// and starts the writer.
    /// - Returns: The open log and what replay found and did.
    /// - Throws: `LogError.corrupt(segment:offset:reason:)` for damage other than a torn tail;
    ///   `LogError.io` when the directory or a segment cannot be read or written.
    public static func open(directory: String, options: LogOptions = LogOptions(),
                            clock: any WallClock) throws(LogError) -> (ConsentLog, ReplayReport) {
        try LogFile.makeDirectory(directory)
        var state = LogState()
        let result = try LogScanner.scan(directory: directory, maxLineBytes: options.maxLineBytes) {
            (segment, segmentName, line, parsed, _) throws(LogError) in
            do throws(LineParseError) {
                try state.index.add(replayed: parsed, line: line.bytes, position: RecordPosition(ordinal: UInt32(segment), offset: line.offset))
            } catch {
                throw .corrupt(segment: segmentName, offset: line.offset,
                               reason: "unreadable record: \(error.reason)")
            }
        }
        var deleted: [String] = []
        for name in result.superseded {
            try LogFile.remove(directory + "/" + name)
            deleted.append(name)
        }
        var tornTail = result.tornTail
        if var torn = tornTail {
            torn.quarantinePath = try quarantine(torn, directory: directory)
            tornTail = torn
        }
        // A crash while the writer moved to a new segment can leave the one it left with zeros written ahead
        // after its records (`LogWriter.extend`): cut them, so only the segment being written ends in zeros.
        // Not cutting them (e.g. a read-only segment) is harmless: readers stop at the last non-zero byte.
        for scanned in result.segments.dropLast() where scanned.fileBytes > scanned.validBytes {
            try? LogFile.cutBack(directory + "/" + scanned.name, to: scanned.validBytes)
        }
        // Segment table, with each segment's incoming `prev`.
        for (i, scanned) in result.segments.enumerated() {
            state.segments.append(SegmentEntry(name: scanned.name, firstSequence: scanned.firstSequence, ordinal: UInt32(i),
                                               durableBytes: scanned.validBytes, recordCount: scanned.recordCount,
                                               lastTimeMilliseconds: scanned.lastTimeMilliseconds,
                                               prevOfFirst: scanned.prevOfFirst))
        }
        state.records = result.records
        state.lastSequence = result.lastSequence
        state.headHash = result.headHash
        state.nextOrdinal = UInt32(result.segments.count)
        // The writer continues the newest segment, or starts the first one.
        let active: SegmentEntry
        if let newest = state.segments.last {
            active = newest
        } else {
            let name = SegmentName.make(first: result.lastSequence + 1)
            let fd = try LogFile.openForWriting(directory + "/" + name, create: true)
            LogFile.close(fd)
            try LogFile.syncDirectory(directory)
            active = SegmentEntry(name: name, firstSequence: result.lastSequence + 1, ordinal: state.nextOrdinal,
                                  durableBytes: 0, recordCount: 0, lastTimeMilliseconds: nil, prevOfFirst: result.headHash)
            state.segments.append(active)
            state.nextOrdinal += 1
        }
        let fd = try LogFile.openForWriting(directory + "/" + active.name, create: false)
        // Past the records there may be zeros written ahead before a crash: the writer writes over them.
        // The scan measured the file; a torn tail was cut together with any zeros after it.
        let fileEnd = tornTail == nil ? (result.segments.last?.fileBytes ?? 0) : active.durableBytes
        let lastTime = state.segments.compactMap(\.lastTimeMilliseconds).max() ?? Int64.min
        let writer = LogWriter(segment: active.name, fd: fd, ordinal: active.ordinal, size: active.durableBytes,
                               fileEnd: fileEnd, lastSequence: result.lastSequence, head: result.headHash,
                               lastTimeMilliseconds: lastTime)
        let core = LogCore(directory: directory, options: options, clock: clock, state: state)
        core.preallocate(fd, path: core.path(of: active.name))
        let log = ConsentLog(core: core)
        do {
            deleted += try log.runRetentionSweep()
        } catch {
            LogCore.seal(fd, length: active.durableBytes, path: core.path(of: active.name))
            LogFile.close(fd)
            core.inbox.withLock { $0.isClosed = true }
            throw error
        }
        if options.pipelinesSyncs {
            LogCore.startLogThread(named: LogCore.syncerThreadName) {
                var s = LogSyncer()
                s.run(core)
            }
        }
        LogCore.startLogThread(named: LogCore.writerThreadName) {
            var w = writer
            w.run(core)
        }
        let stats = log.stats
        let report = ReplayReport(records: stats.records, segments: stats.segments, visitors: stats.visitors,
                                  lastSequence: stats.lastSequence, headHash: stats.headHash, tornTail: tornTail,
                                  deletedSegments: deleted, anchorSequence: result.anchor?.firstSequence)
        return (log, report)
    }

    /// Queues `draft`; `completion` is called once: from the log's thread that synced it (the writer,
    /// or the syncer when syncs are pipelined) after the line is durable, or with the error
    /// (`.unavailable` when the log failed earlier or is closed, `.io` when a write or sync failed
    /// before this record was acknowledged, `.recordTooLarge`) from the syncer, the writer, or the
    /// caller's thread.
    public func append(_ draft: ConsentDraft, completion: @escaping @Sendable (Result<ConsentRecord, LogError>) -> Void) {
        let (refusal, wake) = core.inbox.withLock { inbox -> (String?, Bool) in
            if let failure = inbox.failure { return (failure, false) }
            if inbox.isClosed { return ("log is closed", false) }
            inbox.pending.append(PendingAppend(draft: draft, completion: completion))
            if inbox.isWriterWaiting {
                inbox.isWriterWaiting = false
                return (nil, true)
            }
            return (nil, false)
        }
        if let refusal {
            completion(.failure(.unavailable(reason: refusal)))
            return
        }
        if wake { core.wakeWriter.signal() }
    }

    /// Appends `draft` and returns once it is durable.
    /// - Throws: `LogError` (see `append(_:completion:)`).
    public func append(_ draft: ConsentDraft) async throws -> ConsentRecord {
        try await withCheckedThrowingContinuation { continuation in
            append(draft) { result in continuation.resume(with: result) }
        }
    }

    /// The visitor's latest record, from memory (no I/O); `nil` when the log has none.
    public func latest(for visitor: VisitorID) -> ConsentSnapshot? {
        core.state.withLock { $0.index.snapshot(for: visitor) }
    }

    /// Every record of `visitor`, oldest first, each with its own line hash.
    /// - Throws: `LogError.io` when a segment cannot be read, `.corrupt` when a line changed on disk.
    public func history(for visitor: VisitorID) throws(LogError) -> [StoredRecord] {
        let located = core.state.withLock { state in
            state.index.positions(for: visitor).map { ($0, state.segmentName(ordinal: $0.ordinal)) }
        }
        var open: [String: CInt] = [:]
        defer { for fd in open.values { LogFile.close(fd) } }
        var out: [StoredRecord] = []
        out.reserveCapacity(located.count)
        let maxLine = core.options.maxLineBytes
        var buffer = [UInt8](repeating: 0, count: maxLine + 1)
        for (position, name) in located {
            guard let name else { continue }
            let path = core.path(of: name)
            let fd: CInt
            if let known = open[name] { fd = known } else { fd = try LogFile.openForReading(path); open[name] = fd }
            let n = try LogFile.read(fd, into: &buffer, at: position.offset, path: path)
            let outcome: Result<StoredRecord, LogError> = buffer.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[0..<n])
                guard let end = LogFile.firstNewline(in: bytes) else {
                    return .failure(.corrupt(segment: name, offset: position.offset, reason: "record line is no longer complete"))
                }
                do throws(LogError) {
                    return .success(try Self.storedRecord(UnsafeBufferPointer(rebasing: bytes[0..<end]), segment: name, offset: position.offset))
                } catch { return .failure(error) }
            }
            let stored = try outcome.get()
            guard stored.record.visitorID == visitor else {
                throw .corrupt(segment: name, offset: position.offset, reason: "record at indexed position belongs to another visitor")
            }
            out.append(stored)
        }
        return out
    }

    /// Streams records in sequence order, starting after sequence `after` (0 = from the
    /// first), calling `body` until it returns `false`. Reads segments front to back through
    /// a bounded buffer, never past what is durable.
    /// - Throws: `LogError.io` / `.corrupt` for read problems, or what `body` throws.
    public func scan(after: UInt64, _ body: (StoredRecord) throws -> Bool) throws {
        let segments = core.state.withLock { $0.segments }
        var start = 0
        for (i, segment) in segments.enumerated() where segment.firstSequence <= after + 1 { start = i }
        var bodyError: (any Error)?
        var stopped = false
        for segment in segments[start...] where !stopped {
            let reader = SegmentLineReader(path: core.path(of: segment.name), segment: segment.name,
                                           maxLineBytes: core.options.maxLineBytes, limit: segment.durableBytes)
            try reader.forEachLine { (line) throws(LogError) -> Bool in
                guard line.isTerminated else { return false }
                let stored = try Self.storedRecord(line.bytes, segment: segment.name, offset: line.offset)
                guard stored.record.sequence > after else { return true }
                do {
                    if try body(stored) { return true }
                } catch {
                    bodyError = error
                }
                stopped = true
                return false
            }
        }
        if let bodyError { throw bodyError }
    }

    /// Whether appends are accepted, and why not.
    public var health: LogHealth {
        core.state.withLock { $0.health }
    }

    public var stats: LogStats {
        core.state.withLock { state in
            LogStats(records: state.records, segments: state.segments.count, visitors: state.index.visitorCount,
                     headHash: state.headHash.hex, lastSequence: state.lastSequence,
                     appended: state.appended, batches: state.batches)
        }
    }

    /// Deletes the oldest whole segments whose newest record is older than the retention
    /// period (never the active segment), after saving the retention anchor.
    /// - Returns: The deleted segment names, oldest first.
    /// - Throws: `LogError.io` when the anchor cannot be saved or a file cannot be removed.
    public func runRetentionSweep() throws(LogError) -> [String] {
        let cutoff = LogTimestamp.milliseconds(core.clock.now()) - core.options.retentionMilliseconds
        let directory = core.directory
        let doomed = try core.state.withLock { (state) throws(LogError) -> [String] in
            var count = 0
            while count < state.segments.count - 1,
                  let last = state.segments[count].lastTimeMilliseconds, last < cutoff {
                count += 1
            }
            guard count > 0 else { return [] }
            let keep = state.segments[count]
            try RetentionAnchor(firstSequence: keep.firstSequence, prev: keep.prevOfFirst).save(directory: directory)
            state.index.dropPositions(before: keep.ordinal)
            let names = state.segments[0..<count].map(\.name)
            state.records -= state.segments[0..<count].reduce(0) { $0 + $1.recordCount }
            state.segments.removeFirst(count)
            return names
        }
        guard !doomed.isEmpty else { return [] }
        for name in doomed { try LogFile.remove(core.path(of: name)) }
        try LogFile.syncDirectory(directory)
        return doomed
    }

    /// Stops accepting appends, lets the writer finish the queue (completing every queued
    /// append), and closes the segment. Idempotent; also called on deinit.
    public func close() {
        let shouldWait = core.inbox.withLock { inbox -> Bool in
            guard !inbox.isClosed else { return false }
            inbox.isClosed = true
            inbox.isWriterWaiting = false
            return true
        }
        guard shouldWait else { return }
        core.state.withLock { state in
            if case .writable = state.health { state.health = .failed(reason: "log is closed") }
        }
        core.wakeWriter.signal()
        // From a completion (the writer or syncer thread itself), waiting would never end: they
        // drain the queues and stop on their own once the completion returns.
        guard !LogCore.isOnLogThread else { return }
        core.writerStopped.wait()
    }

    // MARK: - Helpers

    private static func storedRecord(_ line: UnsafeBufferPointer<UInt8>, segment: String, offset: Int) throws(LogError) -> StoredRecord {
        do throws(LineParseError) {
            let parsed = try ParsedLine(line)
            let record = try parsed.makeRecord(line: line)
            return StoredRecord(record: record, hash: ChainHash.of(line: line).hex, line: Array(line))
        } catch {
            throw .corrupt(segment: segment, offset: offset, reason: "unreadable record: \(error.reason)")
        }
    }

    /// Cuts the torn tail (with any zeros written ahead after it) off its segment after saving its bytes
    /// in the quarantine directory.
    private static func quarantine(_ torn: TornTail, directory: String) throws(LogError) -> String {
        let path = directory + "/" + torn.segment
        let fd = try LogFile.openForUpdate(path)
        defer { LogFile.close(fd) }
        // The torn bytes as the scan found them, up to the content's end: zeros written ahead of the records
        // are not part of the torn line.
        var bytes = [UInt8](repeating: 0, count: torn.byteCount)
        var filled = 0
        while filled < bytes.count {
            let n = try LogFile.read(fd, into: &bytes, from: filled, at: torn.offset + filled, path: path)
            if n == 0 { break }
            filled += n
        }
        let quarantineDirectory = directory + "/quarantine"
        try LogFile.makeDirectory(quarantineDirectory)
        let side = quarantineDirectory + "/\(torn.segment).\(torn.offset).torn"
        try LogFile.replaceFile(side, with: Array(bytes[0..<filled]), directory: quarantineDirectory)
        try LogFile.syncDirectory(directory)
        try LogFile.truncate(fd, to: torn.offset, path: path)
        try LogFile.syncData(fd, path: path)
        return side
    }
}
