/// The single writer (group commit): takes the whole queue, assigns sequence, time and
/// `prev`, encodes every line into one buffer, issues one `write` and one `fdatasync`,
/// publishes the records to the index, then completes every waiter of the batch — from
/// this thread, with no further hop. A failed write or sync fails the batch and puts the
/// log in the failed state for good: nothing is retried and acknowledged.
struct LogWriter: Sendable {
    var segment: String
    var fd: CInt
    var ordinal: UInt32
    /// Bytes in the active segment.
    var size: Int
    var lastSequence: UInt64
    var head: ChainHash
    var lastTimeMilliseconds: Int64
    /// Seconds spent in `fdatasync` for the current batch (for `LogOptions.onGroupCommit`).
    var syncSeconds: Double = 0
    /// Line parts shared by consecutive records (time, versions), encoded once.
    var lineMemo = RecordLineEncoder.Memo()
    /// The index's number for the last version set published (records under one catalogue share it),
    /// so `publish` hashes a version set only when it changes. Numbers are never reassigned while open.
    var lastVersions: (set: VersionSet, number: UInt32)?

    /// A record of the current batch with what the index needs.
    private struct Written {
        var record: ConsentRecord
        var position: RecordPosition
        var consentID: CompactID
        var bits: UInt8
        var completion: @Sendable (Result<ConsentRecord, LogError>) -> Void
    }

    /// Runs until the log is closed and the queue drained; then closes the segment.
    mutating func run(_ core: LogCore) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        while true {
            let max = core.options.maxBatchRecords
            let (batch, failure, isClosing) = core.inbox.withLock { inbox -> ([PendingAppend], String?, Bool) in
                if inbox.pending.isEmpty {
                    if !inbox.isClosed { inbox.isWriterWaiting = true }
                    return ([], inbox.failure, inbox.isClosed)
                }
                if inbox.pending.count <= max {
                    let all = inbox.pending
                    inbox.pending.removeAll(keepingCapacity: true)
                    return (all, inbox.failure, false)
                }
                let head = Array(inbox.pending.prefix(max))
                inbox.pending.removeFirst(max)
                return (head, inbox.failure, false)
            }
            if batch.isEmpty {
                if isClosing { break }
                core.wakeWriter.wait()
                continue
            }
            if let failure {
                for item in batch { item.completion(.failure(.unavailable(reason: failure))) }
                continue
            }
            writeBatch(batch, core: core, buffer: &buffer, line: &line)
        }
        LogFile.close(fd)
        core.writerStopped.signal()
    }

    private mutating func writeBatch(_ batch: [PendingAppend], core: LogCore, buffer: inout [UInt8], line: inout [UInt8]) {
        let limit = core.options.maxLineBytes
        let segmentSize = core.options.effectiveSegmentSize
        var written: [Written] = []
        written.reserveCapacity(batch.count)
        var newSegments: [SegmentEntry] = []
        var closedSegments: [(ordinal: UInt32, size: Int)] = []
        buffer.removeAll(keepingCapacity: true)
        syncSeconds = 0
        let now = LogTimestamp.milliseconds(core.clock.now())
        // Record times never go backwards, even if the wall clock does.
        let time = max(now, lastTimeMilliseconds)
        do throws(LogError) {
            for item in batch {
                line.removeAll(keepingCapacity: true)
                let sequence = lastSequence + 1
                RecordLineEncoder.append(sequence: sequence, timeMilliseconds: time, draft: item.draft, prev: head,
                                         to: &line, memo: &lineMemo)
                guard line.count <= limit else {
                    item.completion(.failure(.recordTooLarge(bytes: line.count, limit: limit)))
                    continue
                }
                if size + buffer.count + line.count + 1 > segmentSize && size + buffer.count > 0 {
                    try flush(&buffer, core: core)
                    closedSegments.append((ordinal, size))
                    try rotate(firstSequence: sequence, core: core)
                    newSegments.append(SegmentEntry(name: segment, firstSequence: sequence, ordinal: ordinal, durableBytes: 0,
                                                    recordCount: 0, lastTimeMilliseconds: nil, prevOfFirst: head))
                }
                let position = RecordPosition(ordinal: ordinal, offset: size + buffer.count)
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                let record = ConsentRecord(sequence: sequence, recordedAt: LogTimestamp.date(milliseconds: time),
                                           draft: item.draft, prev: head.hex)
                head = line.withUnsafeBufferPointer { ChainHash.of(line: $0) }
                lastSequence = sequence
                written.append(Written(record: record, position: position, consentID: CompactID(item.draft.consentID),
                                       bits: VisitorEntry.bits(action: item.draft.action, choices: item.draft.choices,
                                                               gpcApplied: item.draft.gpcApplied),
                                       completion: item.completion))
            }
            try flush(&buffer, core: core)
        } catch {
            fail(error, written: written, core: core)
            return
        }
        lastTimeMilliseconds = time
        publish(written, time: time, newSegments: newSegments, closedSegments: closedSegments, core: core)
        if !written.isEmpty { core.options.onGroupCommit?(written.count, syncSeconds) }
        for item in written { item.completion(.success(item.record)) }
    }

    /// Writes the buffer to the active segment and syncs it (per policy).
    private mutating func flush(_ buffer: inout [UInt8], core: LogCore) throws(LogError) {
        guard !buffer.isEmpty else { return }
        let path = core.path(of: segment)
        if let code = core.options.faults?.failure(for: .write) { throw .io(operation: "write", path: path, errno: code) }
        try LogFile.writeAll(fd, buffer, path: path)
        size += buffer.count
        buffer.removeAll(keepingCapacity: true)
        if core.options.fsync == .always {
            if let code = core.options.faults?.failure(for: .sync) { throw .io(operation: "fdatasync", path: path, errno: code) }
            let started = ContinuousClock.now
            try LogFile.syncData(fd, path: path)
            let (seconds, attoseconds) = (ContinuousClock.now - started).components
            syncSeconds += Double(seconds) + Double(attoseconds) * 1e-18
        }
    }

    /// Closes the active segment and creates the next one, syncing the directory.
    private mutating func rotate(firstSequence: UInt64, core: LogCore) throws(LogError) {
        let name = SegmentName.make(first: firstSequence)
        let newFD = try LogFile.openForAppend(core.path(of: name), create: true)
        if core.options.fsync == .always {
            do { try LogFile.syncDirectory(core.directory) } catch { LogFile.close(newFD); throw error }
        }
        LogFile.close(fd)
        fd = newFD
        segment = name
        ordinal = core.state.withLock { state in
            let next = state.nextOrdinal
            state.nextOrdinal += 1
            return next
        }
        size = 0
    }

    /// Adds the durable records to the index and the segment table.
    private mutating func publish(_ written: [Written], time: Int64, newSegments: [SegmentEntry],
                                  closedSegments: [(ordinal: UInt32, size: Int)], core: LogCore) {
        let activeOrdinal = ordinal
        let activeSize = size
        let head = head
        var lastVersions = lastVersions
        core.state.withLock { state in
            state.segments.append(contentsOf: newSegments)
            for item in written {
                let draft = item.record.draft
                let versions: UInt32
                if let last = lastVersions, last.set.catalogueVersion == draft.catalogueVersion,
                   last.set.categoryVersions == draft.categoryVersions {
                    versions = last.number
                } else {
                    let set = VersionSet(catalogueVersion: draft.catalogueVersion, categoryVersions: draft.categoryVersions)
                    versions = state.index.versionNumber(for: set)
                    lastVersions = (set, versions)
                }
                state.index.add(visitor: draft.visitorID, sequence: item.record.sequence, timeMilliseconds: time,
                                consentID: item.consentID, versions: versions, bits: item.bits, position: item.position)
                if let i = state.segments.lastIndex(where: { $0.ordinal == item.position.ordinal }) {
                    state.segments[i].recordCount += 1
                    state.segments[i].lastTimeMilliseconds = time
                }
            }
            for (closed, bytes) in closedSegments + [(activeOrdinal, activeSize)] {
                if let i = state.segments.lastIndex(where: { $0.ordinal == closed }) { state.segments[i].durableBytes = bytes }
            }
            state.records += written.count
            if let last = written.last { state.lastSequence = last.record.sequence }
            state.headHash = head
            state.appended += written.count
            state.batches += 1
        }
        self.lastVersions = lastVersions
    }

    /// Fails the whole batch and every later append; reads keep working.
    private func fail(_ error: LogError, written: [Written], core: LogCore) {
        let reason = error.description
        core.inbox.withLock { $0.failure = reason }
        core.state.withLock { $0.health = .failed(reason: reason) }
        for item in written { item.completion(.failure(error)) }
    }
}
