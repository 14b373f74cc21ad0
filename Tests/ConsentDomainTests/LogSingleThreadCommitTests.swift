import Dispatch
import Foundation
import Synchronization
import Testing
@testable import ConsentDomain

/// The default group commit: the writer syncs, publishes and acknowledges each batch itself
/// (`LogOptions.pipelinesSyncs == false`), so appends that arrive during a sync form the next batch.
@Suite struct LogSingleThreadCommitTests {
    /// Appends queued while a sync runs are neither written nor acknowledged before it ends; they
    /// are then written as one batch and synced by a later sync (write, sync, write, sync).
    @Test func appendsQueuedDuringASync_formTheNextBatch_writtenAfterIt() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.holdSyncs()
        let commits = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        let acknowledged = Mutex<[Int]>([])
        var options = LogOptions(fsync: .always)
        options.faults = faults
        options.onGroupCommit = { records, _ in commits.withLock { $0.append(records) } }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        defer { log.close() }
        func append(_ n: Int) {
            log.append(.make(visitor: String(format: "visitor-%04d", n), n: n)) { result in
                if case .success = result { acknowledged.withLock { $0.append(n) } }
                done.signal()
            }
        }
        append(1)
        #expect(faults.waitForParkedSync())
        append(2)
        append(3)
        // The only writer is parked in the sync, so nothing more can have been written.
        #expect(faults.history.map(\.operation) == [.write])
        #expect(acknowledged.withLock { $0 }.isEmpty)
        faults.releaseOneSync()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(acknowledged.withLock { $0 } == [1])
        #expect(faults.waitForParkedSync())
        faults.stopHolding()
        for _ in 0..<2 { #expect(done.wait(timeout: .now() + 10) == .success) }
        #expect(Set(acknowledged.withLock { $0 }) == [1, 2, 3])
        #expect(faults.history.map(\.operation) == [.write, .sync, .write, .sync])
        #expect(commits.withLock { $0 } == [1, 2])
    }

    /// `completionScope` wraps each commit's acknowledgements: every completion runs inside one call
    /// of the scope (entered once per commit, both in the single-thread and the pipelined mode).
    @Test(arguments: [false, true])
    func completionScope_wrapsEveryAcknowledgementOfACommit(pipelined: Bool) throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.holdSyncs()
        let depth = Mutex(0)
        let scopes = Mutex(0)
        let insideScope = Mutex<[Bool]>([])
        let done = DispatchSemaphore(value: 0)
        var options = LogOptions(fsync: .always)
        options.faults = faults
        options.pipelinesSyncs = pipelined
        options.completionScope = { completeAll in
            scopes.withLock { $0 += 1 }
            depth.withLock { $0 += 1 }
            completeAll()
            depth.withLock { $0 -= 1 }
        }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        defer { log.close() }
        for n in 1...3 {
            log.append(.make(visitor: String(format: "visitor-%04d", n), n: n)) { _ in
                insideScope.withLock { $0.append(depth.withLock { $0 } == 1) }
                done.signal()
            }
            if n == 1 { #expect(faults.waitForParkedSync()) }
        }
        faults.stopHolding()
        for _ in 0..<3 { #expect(done.wait(timeout: .now() + 10) == .success) }
        #expect(insideScope.withLock { $0 } == [true, true, true])
        #expect(scopes.withLock { $0 } == faults.history.filter { $0.operation == .sync }.count)
    }

    /// A write that fails where a batch crosses into a new segment fails every append of the batch —
    /// those before the rotation, the one that started it and those after it — and none is left waiting.
    /// (Single-thread mode: its only log thread is parked in the first sync while the batch queues up, so the
    /// whole batch meets the failing write. The pipelined writer would write the appends as they come.)
    @Test func failedWriteAtARotationInsideABatch_failsEveryAppendOfTheBatch() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.holdSyncs()
        let (log, _) = try openTestLog(dir, segmentSize: 4_096, faults: faults, pipelinesSyncs: false)
        defer { log.close() }
        let outcomes = Mutex<[Int: Bool]>([:])
        let done = DispatchSemaphore(value: 0)
        func append(_ n: Int) {
            log.append(.make(visitor: String(format: "visitor-%04d", n), n: n)) { result in
                outcomes.withLock { if case .success = result { $0[n] = true } else { $0[n] = false } }
                done.signal()
            }
        }
        append(0)
        #expect(faults.waitForParkedSync())
        // Queued while the first sync is parked: one batch of 20 lines (≈ 9 KB), more than a segment.
        for n in 1...20 { append(n) }
        faults.arm(.write, errno: ENOSPC)
        faults.stopHolding()
        for _ in 0...20 { #expect(done.wait(timeout: .now() + 10) == .success) }
        let settled = outcomes.withLock { $0 }
        #expect(settled[0] == true)
        #expect((1...20).allSatisfy { settled[$0] == false })
        #expect(!log.health.isWritable)
    }
}
