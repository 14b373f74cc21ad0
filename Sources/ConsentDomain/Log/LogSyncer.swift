/// Syncs, publishes and acknowledges written units: on the writer's own thread right after each
/// write (the default), or, with `LogOptions.pipelinesSyncs`, on a thread of its own as the second
/// half of the pipelined group commit: while the writer writes the next batch,
/// the syncer takes every unit written so far, `fdatasync`s each segment file involved
/// (oldest first, closing a file the writer has left), then publishes the records to the
/// index and completes their waiters — from this thread, with no further hop.
///
/// A unit is handed over only after its `write` returned, and the syncer takes units before
/// it starts the sync, so every acknowledged record was written before an `fdatasync` that
/// then succeeded. A failed sync (or a failed write on the writer's side) fails every unit
/// not yet acknowledged — the synced-but-unpublished ones included — and the log stays failed.
struct LogSyncer: Sendable {
    /// The index's number for the last version set published (records under one catalogue share it),
    /// so `publish` hashes a version set only when it changes. Numbers are never reassigned while open.
    var lastVersions: (set: VersionSet, number: UInt32)?

    /// Runs until the writer has stopped and every handed-over unit is settled.
    mutating func run(_ core: LogCore) {
        while true {
            let (units, isDone) = core.syncQueue.withLock { queue -> ([WrittenUnit], Bool) in
                if queue.units.isEmpty {
                    if !queue.isWriterDone { queue.isSyncerWaiting = true }
                    return ([], queue.isWriterDone)
                }
                let all = queue.units
                queue.units.removeAll(keepingCapacity: true)
                return (all, false)
            }
            if units.isEmpty {
                if isDone { break }
                core.wakeSyncer.wait()
                continue
            }
            commit(units, core: core)
        }
        core.syncerStopped.signal()
    }

    /// Hands `unit` (written) to the syncer, or fails it when the log has failed. Called by the writer.
    static func handOver(_ unit: WrittenUnit, core: LogCore) {
        let (failure, wake) = core.syncQueue.withLock { queue -> (LogError?, Bool) in
            if let failure = queue.failure { return (failure, false) }
            queue.units.append(unit)
            guard queue.isSyncerWaiting else { return (nil, false) }
            queue.isSyncerWaiting = false
            return (nil, true)
        }
        if let failure {
            fail([unit], with: failure)
            return
        }
        if wake { core.wakeSyncer.signal() }
    }

    /// Completes every record of `units` with `error`, closing the files they were the last to use.
    static func fail(_ units: [WrittenUnit], with error: LogError, closingFiles: Bool = true) {
        for unit in units {
            if closingFiles && unit.closesFile {
                LogCore.seal(unit.fd, length: unit.endSize, path: unit.path)
                LogFile.close(unit.fd)
            }
            for item in unit.records { item.completion(.failure(error)) }
        }
    }

    /// Syncs the files of `units`, then publishes and acknowledges them — or fails them all.
    mutating func commit(_ units: [WrittenUnit], core: LogCore) {
        var syncError: LogError?
        var syncSeconds = 0.0
        var start = 0
        // Units come in write order; consecutive units of one file share one sync.
        while start < units.count {
            var end = start
            while end + 1 < units.count && units[end + 1].fd == units[start].fd && !units[end].closesFile { end += 1 }
            let unit = units[end]
            if syncError == nil && core.options.fsync == .always {
                do throws(LogError) {
                    syncSeconds += try Self.sync(unit, core: core)
                } catch {
                    syncError = error
                }
            }
            if unit.closesFile {
                // The segment is complete: it is cut to its records (zeros written ahead and reserved blocks go).
                LogCore.seal(unit.fd, length: unit.endSize, path: unit.path)
                LogFile.close(unit.fd)
            }
            start = end + 1
        }
        if let syncError {
            let (failure, waiting) = core.markFailed(syncError)
            Self.fail(units, with: failure, closingFiles: false)
            Self.fail(waiting, with: failure)
            return
        }
        // A write may have failed on the writer's side while this sync ran: then nothing more is acknowledged.
        if let failure = core.syncQueue.withLock({ $0.failure }) {
            Self.fail(units, with: failure, closingFiles: false)
            return
        }
        publish(units, core: core)
        let count = units.reduce(0) { $0 + $1.records.count }
        if count > 0 { core.options.onGroupCommit?(count, syncSeconds) }
        let completeAll = {
            // Indexed access: no copy of each whole record (and its retains) beyond the one handed out.
            for u in units.indices {
                for i in units[u].records.indices { units[u].records[i].completion(.success(units[u].records[i].record)) }
            }
        }
        if let scope = core.options.completionScope { scope(completeAll) } else { completeAll() }
    }

    /// `fdatasync`s the unit's file (through the fault injector in tests).
    /// - Returns: Seconds spent in `fdatasync`.
    private static func sync(_ unit: WrittenUnit, core: LogCore) throws(LogError) -> Double {
        let faults = core.options.faults
        faults?.willSync(path: unit.path)
        if let code = faults?.failure(for: .sync) { throw .io(operation: "fdatasync", path: unit.path, errno: code) }
        let started = ContinuousClock.now
        try LogFile.syncData(unit.fd, path: unit.path)
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        faults?.didSync(path: unit.path)
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Adds the durable records to the index and the segment table.
    private mutating func publish(_ units: [WrittenUnit], core: LogCore) {
        var lastVersions = lastVersions
        core.state.withLock { state in
            for unit in units {
                if let entry = unit.newSegment { state.segments.append(entry) }
                let time = unit.timeMilliseconds
                for i in unit.records.indices {
                    let versions: UInt32
                    if let last = lastVersions, last.set.catalogueVersion == unit.records[i].record.draft.catalogueVersion,
                       last.set.categoryVersions == unit.records[i].record.draft.categoryVersions {
                        versions = last.number
                    } else {
                        let draft = unit.records[i].record.draft
                        let set = VersionSet(catalogueVersion: draft.catalogueVersion, categoryVersions: draft.categoryVersions)
                        versions = state.index.versionNumber(for: set)
                        lastVersions = (set, versions)
                    }
                    state.index.add(visitor: unit.records[i].record.draft.visitorID, sequence: unit.records[i].record.sequence,
                                    timeMilliseconds: time, consentID: unit.records[i].consentID, versions: versions,
                                    bits: unit.records[i].bits, position: unit.records[i].position)
                }
                if let i = state.segments.lastIndex(where: { $0.ordinal == unit.ordinal }) {
                    state.segments[i].durableBytes = unit.endSize
                    if !unit.records.isEmpty {
                        state.segments[i].recordCount += unit.records.count
                        state.segments[i].lastTimeMilliseconds = time
                    }
                }
                if let last = unit.records.last { state.lastSequence = last.record.sequence }
                state.headHash = unit.head
                state.records += unit.records.count
                state.appended += unit.records.count
            }
            state.batches += 1
        }
        self.lastVersions = lastVersions
    }
}
