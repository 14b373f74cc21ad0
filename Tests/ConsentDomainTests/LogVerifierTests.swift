import Foundation
import Testing
@testable import ConsentDomain

@Suite struct LogVerifierTests {
    /// An intact log reports its records, segments and the head hash of the newest line.
    @Test func reportsIntactLog() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 4_096)
        try await appendMany(log, count: 25)
        let head = log.stats.headHash
        log.close()
        let report = LogVerifier.verify(directory: dir.path)
        #expect(report.isIntact)
        #expect(report.records == 25)
        #expect(report.segments == dir.segments().count)
        #expect(report.headHash == head)
        #expect(report.lastSequence == 25)
    }

    /// Damage is reported as the first fault with segment and offset, without changing files.
    @Test func reportsFirstFaultWithoutRepairing() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 5)
        log.close()
        let name = try #require(dir.segments().first)
        let offsets = dir.lineOffsets(of: name)
        var bytes = dir.bytes(of: name)
        bytes[offsets[2] + 1] = UInt8(ascii: "?")
        dir.write(bytes, to: name)
        let report = LogVerifier.verify(directory: dir.path)
        #expect(!report.isIntact)
        #expect(report.firstFault?.segment == name)
        #expect(report.firstFault?.offset == offsets[2])
        #expect(report.records == 2)
        #expect(dir.bytes(of: name) == bytes)
    }

    /// A torn tail is reported but does not make the chain fail.
    @Test func reportsTornTailSeparately() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 3)
        log.close()
        let name = try #require(dir.segments().first)
        let intact = dir.bytes(of: name)
        dir.write(intact + Array("{\"seq\":4".utf8), to: name)
        let report = LogVerifier.verify(directory: dir.path)
        #expect(report.isIntact)
        #expect(report.tornTail?.offset == intact.count)
        #expect(report.records == 3)
    }

    /// A missing directory is a fault, not a crash.
    @Test func missingDirectoryIsAFault() {
        let report = LogVerifier.verify(directory: "/nonexistent/consent-log-\(UUID().uuidString)")
        #expect(!report.isIntact)
    }
}
