import Foundation
import Glibc
import Testing
@testable import ConsentDomain

@Suite struct LogWriteFailureTests {
    /// A failed write fails the batch, puts the log in the failed state, refuses later appends
    /// at once, and keeps reads working.
    @Test func failedWriteFailsBatchAndLaterAppends() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        let (log, _) = try openTestLog(dir, faults: faults)
        defer { log.close() }
        let kept = try await log.append(.make(n: 1))
        faults.arm(.write, errno: ENOSPC)
        await #expect(throws: LogError.io(operation: "write", path: dir.path + "/segment-00000000000000000001.log", errno: ENOSPC)) {
            try await log.append(.make(n: 2))
        }
        guard case .failed(let reason) = log.health else { Issue.record("log still writable"); return }
        #expect(reason.contains("No space left on device"))
        faults.disarm()
        await #expect(throws: LogError.unavailable(reason: reason)) { try await log.append(.make(n: 3)) }
        #expect(log.latest(for: kept.visitorID)?.sequence == 1)
        #expect(try log.history(for: kept.visitorID).count == 1)
    }

    /// A failed fdatasync is never retried and acknowledged; a reopened log continues cleanly.
    @Test func failedSyncIsNotAcknowledgedAndReopenRecovers() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        let (log, _) = try openTestLog(dir, faults: faults)
        _ = try await log.append(.make(n: 1))
        faults.arm(.sync, errno: EIO)
        await #expect(throws: LogError.self) { try await log.append(.make(n: 2)) }
        #expect(!log.health.isWritable)
        log.close()
        let (reopened, report) = try openTestLog(dir)
        defer { reopened.close() }
        #expect(report.lastSequence >= 1)
        let next = try await reopened.append(.make(n: 3))
        #expect(next.sequence == report.lastSequence + 1)
        #expect(LogVerifier.verify(directory: dir.path).isIntact)
    }

    /// Appends after `close()` are refused with `.unavailable`.
    @Test func closedLogRefusesAppends() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        log.close()
        await #expect(throws: LogError.unavailable(reason: "log is closed")) { try await log.append(.make(n: 1)) }
    }

    /// A draft whose line would exceed the limit is refused without writing anything.
    @Test func oversizedRecordIsRefused() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        defer { log.close() }
        await #expect(throws: LogError.self) {
            try await log.append(.make(n: 1, source: String(repeating: "x", count: 20_000)))
        }
        #expect(log.health.isWritable)
        #expect(try await log.append(.make(n: 2)).sequence == 1)
    }
}
