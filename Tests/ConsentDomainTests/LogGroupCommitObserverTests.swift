import Foundation
import Synchronization
import Testing
@testable import ConsentDomain

@Suite struct LogGroupCommitObserverTests {
    /// Every committed record is reported exactly once through `onGroupCommit`, in batches of at
    /// least one, with a non-negative sync time.
    @Test func observerReportsEveryCommittedRecordOnce() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let calls = Mutex<[(records: Int, syncSeconds: Double)]>([])
        var options = LogOptions(fsync: .always)
        options.onGroupCommit = { records, syncSeconds in calls.withLock { $0.append((records, syncSeconds)) } }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        defer { log.close() }
        _ = try await log.append(.make(n: 0))
        #expect(calls.withLock { $0.map(\.records) } == [1])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 1...24 {
                group.addTask { _ = try await log.append(.make(visitor: String(format: "visitor-%04d", n), n: n)) }
            }
            try await group.waitForAll()
        }
        let reported = calls.withLock { $0 }
        #expect(reported.reduce(0) { $0 + $1.records } == 25)
        #expect(reported.allSatisfy { $0.records >= 1 && $0.syncSeconds >= 0 })
        #expect(reported.count <= 25)
    }

    /// A failed batch is not reported: the observer only sees committed records.
    @Test func observerIsNotCalledForFailedBatch() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let calls = Mutex<[Int]>([])
        let faults = LogFaultInjector()
        var options = LogOptions(fsync: .always)
        options.faults = faults
        options.onGroupCommit = { records, _ in calls.withLock { $0.append(records) } }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        defer { log.close() }
        _ = try await log.append(.make(n: 1))
        faults.arm(.sync, errno: 5)
        await #expect(throws: LogError.self) { try await log.append(.make(n: 2)) }
        #expect(calls.withLock { $0 } == [1])
    }
}
