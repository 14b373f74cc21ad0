import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
@testable import ConsentDomain

/// Results of callback appends, by draft number, with a semaphore per completion.
private final class AppendResults: Sendable {
    private let results = Mutex<[Int: Result<ConsentRecord, LogError>]>([:])
    private let completed = DispatchSemaphore(value: 0)

    func append(_ n: Int, to log: ConsentLog) {
        log.append(.make(visitor: String(format: "visitor-%04d", n), n: n)) { result in
            self.results.withLock { $0[n] = result }
            self.completed.signal()
        }
    }

    /// Waits for `count` more completions, at most 10 s each.
    func waitForCompletions(_ count: Int) -> Bool {
        for _ in 0..<count where completed.wait(timeout: .now() + 10) != .success { return false }
        return true
    }

    subscript(n: Int) -> Result<ConsentRecord, LogError>? { results.withLock { $0[n] } }
}

@Suite struct LogPipelinedCommitTests {
    /// A sync acknowledges only what was written before it started: a record written while the
    /// previous sync runs stays unacknowledged until a later sync, and the observer sees two commits.
    @Test func recordWrittenDuringSyncWaitsForTheNextSync() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.holdSyncs()
        let commits = Mutex<[Int]>([])
        var options = LogOptions(fsync: .always)
        options.pipelinesSyncs = true
        options.faults = faults
        options.onGroupCommit = { records, _ in commits.withLock { $0.append(records) } }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        defer { log.close() }
        let results = AppendResults()
        results.append(1, to: log)
        #expect(faults.waitForWrite())
        #expect(faults.waitForParkedSync())
        results.append(2, to: log)
        #expect(faults.waitForWrite())
        #expect(results[1] == nil && results[2] == nil)
        faults.releaseOneSync()
        #expect(results.waitForCompletions(1))
        #expect(try results[1]?.get().sequence == 1)
        // The syncer took record 2 after the first sync and parks before syncing it.
        #expect(faults.waitForParkedSync())
        #expect(results[2] == nil)
        #expect(log.latest(for: VisitorID(rawValue: "visitor-0002")!) == nil)
        faults.stopHolding()
        #expect(results.waitForCompletions(1))
        #expect(try results[2]?.get().sequence == 2)
        #expect(commits.withLock { $0 } == [1, 1])
        let path = dir.path + "/" + dir.segments()[0]
        #expect(faults.history == [.init(operation: .write, path: path), .init(operation: .write, path: path),
                                   .init(operation: .sync, path: path), .init(operation: .sync, path: path)])
    }

    /// A failed sync fails its own records and the records written after it started (never
    /// acknowledged), puts the log in the failed state and refuses later appends.
    @Test func failedSyncFailsRecordsWrittenAfterItStarted() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        let (log, _) = try openTestLog(dir, faults: faults, pipelinesSyncs: true)
        defer { log.close() }
        let results = AppendResults()
        results.append(1, to: log)
        #expect(results.waitForCompletions(1))
        #expect(faults.waitForWrite())
        faults.holdSyncs()
        results.append(2, to: log)
        #expect(faults.waitForParkedSync())
        results.append(3, to: log)
        #expect(faults.waitForWrite() && faults.waitForWrite())
        faults.arm(.sync, errno: EIO)
        faults.stopHolding()
        #expect(results.waitForCompletions(2))
        let path = dir.path + "/" + dir.segments()[0]
        let expected = LogError.io(operation: "fdatasync", path: path, errno: EIO)
        #expect(results[2].map { if case .failure(let e) = $0 { e == expected } else { false } } == true)
        #expect(results[3].map { if case .failure(let e) = $0 { e == expected } else { false } } == true)
        #expect(!log.health.isWritable)
        results.append(4, to: log)
        #expect(results.waitForCompletions(1))
        #expect(results[4].map { if case .failure(.unavailable) = $0 { true } else { false } } == true)
        #expect(log.stats.lastSequence == 1)
        #expect(log.latest(for: VisitorID(rawValue: "visitor-0003")!) == nil)
    }

    /// A failed write while an earlier batch's sync is still running fails that earlier batch too:
    /// once the log has failed nothing more is acknowledged.
    @Test func failedWriteDuringSyncFailsTheBatchBeingSynced() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        let (log, _) = try openTestLog(dir, faults: faults, pipelinesSyncs: true)
        defer { log.close() }
        let results = AppendResults()
        faults.holdSyncs()
        results.append(1, to: log)
        #expect(faults.waitForParkedSync())
        faults.arm(.write, errno: ENOSPC)
        results.append(2, to: log)
        #expect(results.waitForCompletions(1))
        #expect(results[2].map { if case .failure(.io(operation: "write", path: _, errno: ENOSPC)) = $0 { true } else { false } } == true)
        #expect(results[1] == nil)
        faults.stopHolding()
        #expect(results.waitForCompletions(1))
        #expect(results[1].map { if case .failure(.io(operation: "write", path: _, errno: ENOSPC)) = $0 { true } else { false } } == true)
        guard case .failed(let reason) = log.health else { Issue.record("log still writable"); return }
        #expect(reason.contains("No space left on device"))
        #expect(log.stats.records == 0)
    }

    /// When the writer moves to a new segment while the old one's tail is not synced yet, the old
    /// segment is synced after its last write, before any of its records are acknowledged; the
    /// new segment is synced too, and the reopened log holds every acknowledged record, intact.
    @Test func rotationDuringPendingSyncSyncsTheOldSegmentsTail() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        let (log, _) = try openTestLog(dir, segmentSize: 4_096, faults: faults, pipelinesSyncs: true)
        let results = AppendResults()
        faults.holdSyncs()
        results.append(0, to: log)
        #expect(faults.waitForParkedSync())
        // About 400 bytes a line: 20 records cross the 4 KiB segment size at least once.
        for n in 1...20 { results.append(n, to: log) }
        for _ in 1...20 {
            guard faults.waitForWrite() else { Issue.record("writer did not write"); break }
            if dir.segments().count > 1 { break }
        }
        faults.stopHolding()
        #expect(results.waitForCompletions(21))
        for n in 0...20 { #expect((try? results[n]?.get()) != nil) }
        log.close()
        let segments = dir.segments()
        #expect(segments.count >= 2)
        let history = faults.history
        for name in segments {
            let path = dir.path + "/" + name
            let events = history.filter { $0.path == path }
            #expect(events.last?.operation == .sync, "\(name) not synced after its last write")
        }
        let (reopened, report) = try openTestLog(dir, segmentSize: 4_096)
        defer { reopened.close() }
        #expect(report.records == 21)
        #expect(report.tornTail == nil)
        #expect(LogVerifier.verify(directory: dir.path).isIntact)
    }
}
