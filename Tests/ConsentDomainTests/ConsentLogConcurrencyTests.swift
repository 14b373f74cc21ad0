import Foundation
import Synchronization
import Testing
@testable import ConsentDomain

@Suite struct ConsentLogConcurrencyTests {
    /// Many concurrent appenders: every append is acknowledged once, sequences are 1…N without
    /// gaps or duplicates, writes were grouped into fewer batches, and the chain verifies.
    @Test func concurrentAppendsAreDurableAndContiguous() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 256 * 1024)
        let tasks = 64, perTask = 40
        let sequences = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for t in 0..<tasks {
                group.addTask {
                    var seqs: [UInt64] = []
                    for i in 0..<perTask {
                        let record = try await log.append(.make(visitor: String(format: "visitor-%04d", t), n: t * 1_000 + i))
                        seqs.append(record.sequence)
                    }
                    return seqs
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        let stats = log.stats
        log.close()
        #expect(sequences.sorted() == Array(1...UInt64(tasks * perTask)))
        #expect(stats.appended == tasks * perTask)
        #expect(stats.batches < stats.appended)
        let report = LogVerifier.verify(directory: dir.path)
        #expect(report.isIntact)
        #expect(report.records == tasks * perTask)
    }

    /// Each visitor's records come back in the order that visitor appended them.
    @Test func perVisitorOrderIsKept() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        defer { log.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<16 {
                group.addTask {
                    for i in 0..<10 {
                        _ = try await log.append(.make(visitor: String(format: "visitor-%04d", t), n: t * 100 + i))
                    }
                }
            }
            try await group.waitForAll()
        }
        let history = try log.history(for: VisitorID(rawValue: "visitor-0005")!)
        #expect(history.map(\.record.consentID) == (0..<10).map { String(format: "00000000-0000-4000-8000-%012d", 500 + $0) })
        #expect(log.latest(for: VisitorID(rawValue: "visitor-0005")!)?.consentID == history.last?.record.consentID)
    }

    /// The callback form completes once per append, from the writer.
    @Test func callbackAppendCompletesOnce() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        defer { log.close() }
        let record: ConsentRecord = try await withCheckedThrowingContinuation { continuation in
            log.append(.make(n: 1)) { result in continuation.resume(with: result) }
        }
        #expect(record.sequence == 1)
        #expect(log.latest(for: record.visitorID)?.sequence == 1)
    }
}

@Suite struct ConsentLogCloseTests {
    /// Closing from inside a completion (on the writer thread) does not deadlock; later appends are refused.
    @Test func closeFromCompletionDoesNotDeadlock() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        let record: ConsentRecord = try await withCheckedThrowingContinuation { continuation in
            log.append(.make(n: 1)) { result in
                log.close()
                continuation.resume(with: result)
            }
        }
        #expect(record.sequence == 1)
        await #expect(throws: LogError.unavailable(reason: "log is closed")) { try await log.append(.make(n: 2)) }
        #expect(!log.health.isWritable)
    }

    /// Appends queued before `close()` are all written and acknowledged.
    @Test func closeDrainsQueuedAppends() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        let outcomes = Mutex<[Bool]>([])
        for n in 0..<200 {
            log.append(.make(n: n)) { result in
                outcomes.withLock { $0.append((try? result.get()) != nil) }
            }
        }
        log.close()
        #expect(outcomes.withLock { $0 }.count == 200)
        #expect(outcomes.withLock { $0 }.allSatisfy { $0 })
        #expect(LogVerifier.verify(directory: dir.path).records == 200)
    }
}
