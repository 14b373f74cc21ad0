import Glibc

/// The single writer of the group commit: takes the whole queue, assigns sequence, time and
/// `prev`, encodes every line into one buffer, issues one `write`, then `fdatasync`s, publishes
/// and acknowledges the batch itself (`LogSyncer.commit`) — or, with `LogOptions.pipelinesSyncs`,
/// hands the written records to the syncer thread, which does that while this thread already
/// writes the next batch. A failed write (or sync) fails every record not yet
/// acknowledged and puts the log in the failed state for good: nothing is retried and acknowledged.
struct LogWriter: Sendable {
    /// How long the writer polls an empty queue (yielding the core between polls) before it sleeps
    /// on its semaphore. Appends usually arrive within microseconds of a commit; sleeping at once made
    /// every group commit pay a futex sleep and wake-up more (≈ 0.24 against 0.18 voluntary context
    /// switches per append under load). Only after a batch: an idle writer sleeps after one window.
    static let idleSpin = Duration.microseconds(30)

    var segment: String
    var fd: CInt
    var ordinal: UInt32
    /// Bytes of records in the active segment: where the next write goes.
    var size: Int
    /// Bytes of the active segment's file: its records and the zeros written ahead of them (`extend`).
    var fileEnd: Int
    var lastSequence: UInt64
    var head: ChainHash
    var lastTimeMilliseconds: Int64
    /// Line parts shared by consecutive records (time, versions), encoded once.
    var lineMemo = RecordLineEncoder.Memo()
    /// Commits each written unit on this thread unless `LogOptions.pipelinesSyncs` hands them to the syncer thread.
    var syncer = LogSyncer()

    /// Runs until the log is closed and the queue drained; then lets the syncer finish and closes the segment.
    mutating func run(_ core: LogCore) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        // The batch array and the inbox's queue swap storage each round (the emptied batch becomes the
        // next queue), so taking a batch allocates nothing: a fresh array per batch (copy-on-write of the
        // queue) made glibc consolidate its fastbins on this thread, the group commit's serial path.
        var batch: [PendingAppend] = []
        batch.reserveCapacity(256)
        var spinDeadline: ContinuousClock.Instant?
        while true {
            let max = core.options.maxBatchRecords
            let mayWait = spinDeadline.map { ContinuousClock.now >= $0 } ?? false
            let (failure, isClosing) = core.inbox.withLock { inbox -> (String?, Bool) in
                if inbox.pending.isEmpty {
                    if !inbox.isClosed && mayWait { inbox.isWriterWaiting = true }
                    return (inbox.failure, inbox.isClosed)
                }
                if inbox.pending.count <= max {
                    swap(&inbox.pending, &batch)
                } else {
                    batch.append(contentsOf: inbox.pending[..<max])
                    inbox.pending.removeFirst(max)
                }
                return (inbox.failure, false)
            }
            if batch.isEmpty {
                if isClosing { break }
                if mayWait {
                    core.wakeWriter.wait()
                    spinDeadline = nil
                } else {
                    // Appends usually come within microseconds of a commit: poll briefly before sleeping.
                    if spinDeadline == nil { spinDeadline = ContinuousClock.now + Self.idleSpin }
                    sched_yield()
                }
                continue
            }
            spinDeadline = nil
            if let failure {
                // Indexed access: each field is read in place, not a copy of the whole append (and its retains) per record.
                for index in batch.indices { batch[index].completion(.failure(.unavailable(reason: failure))) }
            } else {
                writeBatch(batch, core: core, buffer: &buffer, line: &line)
            }
            batch.removeAll(keepingCapacity: true)
        }
        if core.options.pipelinesSyncs {
            core.syncQueue.withLock {
                $0.isWriterDone = true
                $0.isSyncerWaiting = false
            }
            core.wakeSyncer.signal()
            core.syncerStopped.wait()
        }
        if fd >= 0 {
            LogCore.seal(fd, length: size, path: core.path(of: segment))
            LogFile.close(fd)
        }
        core.writerStopped.signal()
    }

    private mutating func writeBatch(_ batch: [PendingAppend], core: LogCore, buffer: inout [UInt8], line: inout [UInt8]) {
        let limit = core.options.maxLineBytes
        let segmentSize = core.options.effectiveSegmentSize
        var written: [WrittenRecord] = []
        written.reserveCapacity(batch.count)
        buffer.removeAll(keepingCapacity: true)
        let now = LogTimestamp.milliseconds(core.clock.now())
        // Record times never go backwards, even if the wall clock does.
        let time = max(now, lastTimeMilliseconds)
        lastTimeMilliseconds = time
        var newSegment: SegmentEntry?
        // The first append of the batch not yet written or settled: a failure settles it and all after it.
        var unsettled = batch.startIndex
        do throws(LogError) {
            // Indexed access: each field is read in place, not a copy of the whole append (and its retains) per record.
            for index in batch.indices {
                line.removeAll(keepingCapacity: true)
                let sequence = lastSequence + 1
                RecordLineEncoder.append(sequence: sequence, timeMilliseconds: time, draft: batch[index].draft, prev: head,
                                         to: &line, memo: &lineMemo)
                guard line.count <= limit else {
                    batch[index].completion(.failure(.recordTooLarge(bytes: line.count, limit: limit)))
                    unsettled = index + 1
                    continue
                }
                if size + buffer.count + line.count + 1 > segmentSize && size + buffer.count > 0 {
                    try write(&buffer, records: &written, newSegment: &newSegment, closesFile: true, time: time, core: core)
                    try rotate(firstSequence: sequence, core: core)
                    newSegment = SegmentEntry(name: segment, firstSequence: sequence, ordinal: ordinal, durableBytes: 0,
                                              recordCount: 0, lastTimeMilliseconds: nil, prevOfFirst: head)
                }
                let position = RecordPosition(ordinal: ordinal, offset: size + buffer.count)
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                let record = ConsentRecord(sequence: sequence, recordedAt: LogTimestamp.date(milliseconds: time),
                                           draft: batch[index].draft, prev: RecordLineEncoder.prevHex(ofLine: line))
                head = line.withUnsafeBufferPointer { ChainHash.of(line: $0) }
                lastSequence = sequence
                written.append(WrittenRecord(record: record, position: position, consentID: CompactID(record.draft.consentID),
                                             bits: VisitorEntry.bits(action: record.draft.action, choices: record.draft.choices,
                                                                     gpcApplied: record.draft.gpcApplied),
                                             completion: batch[index].completion))
                unsettled = index + 1
            }
            try write(&buffer, records: &written, newSegment: &newSegment, closesFile: false, time: time, core: core)
        } catch {
            fail(error, written: written, unwritten: batch[unsettled...], core: core)
        }
    }

    /// Writes the buffer to the active segment and commits its records (`fdatasync`, publish,
    /// acknowledge; see `LogSyncer`): here, or through the syncer thread when syncs are pipelined.
    /// With `closesFile` the unit is committed even when empty, so the segment being left is synced and closed.
    private mutating func write(_ buffer: inout [UInt8], records: inout [WrittenRecord], newSegment: inout SegmentEntry?,
                                closesFile: Bool, time: Int64, core: LogCore) throws(LogError) {
        guard !buffer.isEmpty || closesFile else { return }
        let path = core.path(of: segment)
        if !buffer.isEmpty {
            if let code = core.options.faults?.failure(for: .write) { throw .io(operation: "write", path: path, errno: code) }
            try LogFile.writeAll(fd, buffer, at: size, path: path)
            size += buffer.count
            buffer.removeAll(keepingCapacity: true)
            core.options.faults?.didWrite(path: path)
            if size > fileEnd {
                fileEnd = size
                if !closesFile { extend(core: core, path: path) }
            }
        }
        let unit = WrittenUnit(fd: fd, path: path, ordinal: ordinal, endSize: size, closesFile: closesFile,
                               newSegment: newSegment, timeMilliseconds: time, head: head, records: records)
        records.removeAll(keepingCapacity: true)
        newSegment = nil
        if closesFile { fd = -1 }
        if core.options.pipelinesSyncs {
            LogSyncer.handOver(unit, core: core)
        } else {
            syncer.commit([unit], core: core)
        }
    }

    /// Writes the next `LogOptions.extensionBytes` of the active segment (up to its size limit) as
    /// zeros, after a write went past the zeros written before. They are synced with the records just
    /// written, in the same group commit; the batches after that overwrite allocated, initialised
    /// blocks and leave the file's size alone, so their `fdatasync`s write the data only — no inode
    /// (one device request, and on a virtual disk one exit to the host, fewer per group commit: the
    /// size change costs one inode write per MiB instead of one per batch). Record lines never hold a
    /// zero byte, so readers stop at the last non-zero byte (`LogFile.contentLength`); rotation and
    /// close cut the zeros off (`LogCore.seal`), and so does the next start for a segment a crash left. A failure (e.g. `ENOSPC`) is not an error: the
    /// records' own write succeeded, and later writes extend the file as they go.
    private mutating func extend(core: LogCore, path: String) {
        let target = min(size + core.options.extensionBytes, core.options.effectiveSegmentSize)
        guard target > size else { return }
        do throws(LogError) {
            if let code = core.options.faults?.failure(for: .extend) { throw .io(operation: "write", path: path, errno: code) }
            try LogFile.writeZeros(fd, size..<target, path: path)
            fileEnd = target
        } catch {
            // Whatever part was written is zeros past the records; the next write past it tries again.
        }
    }

    /// Creates the next segment, preallocates its size limit (see `LogCore.preallocate`) and syncs
    /// the directory before anything is written to it (the
    /// segment being left was handed to the syncer, which syncs its tail and closes it).
    private mutating func rotate(firstSequence: UInt64, core: LogCore) throws(LogError) {
        let name = SegmentName.make(first: firstSequence)
        let newFD = try LogFile.openForWriting(core.path(of: name), create: true)
        core.preallocate(newFD, path: core.path(of: name))
        if core.options.fsync == .always {
            do { try LogFile.syncDirectory(core.directory) } catch { LogFile.close(newFD); throw error }
        }
        fd = newFD
        segment = name
        ordinal = core.state.withLock { state in
            let next = state.nextOrdinal
            state.nextOrdinal += 1
            return next
        }
        size = 0
        fileEnd = 0
    }

    /// Fails this batch — the records written but not yet handed on, and the appends not yet written
    /// (after a failure at a rotation inside the batch) — every unit still waiting for a sync and every
    /// later append; reads keep working.
    private func fail(_ error: LogError, written: [WrittenRecord], unwritten: ArraySlice<PendingAppend>, core: LogCore) {
        let (failure, waiting) = core.markFailed(error)
        LogSyncer.fail(waiting, with: failure)
        for item in written { item.completion(.failure(failure)) }
        for index in unwritten.indices { unwritten[index].completion(.failure(failure)) }
    }
}
