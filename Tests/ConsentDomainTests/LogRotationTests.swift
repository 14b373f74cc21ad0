import Foundation
import Testing
@testable import ConsentDomain

@Suite struct LogRotationTests {
    /// Past the size limit the writer starts a new segment named after its first sequence.
    @Test func rotatesBySize() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 4_096)
        try await appendMany(log, count: 50)
        #expect(log.stats.segments == dir.segments().count)
        log.close()
        let names = dir.segments()
        #expect(names.count > 3)
        #expect(names[0] == "segment-00000000000000000001.log")
        for name in names {
            let size = dir.bytes(of: name).count
            #expect(size <= 4_096 + 1_024)
            let first = try #require(SegmentName.firstSequence(of: name))
            let line = try #require(String(decoding: dir.bytes(of: name), as: UTF8.self).split(separator: "\n").first)
            #expect(line.hasPrefix("{\"seq\":\(first),"))
        }
    }

    /// Replay across many segments keeps history positions right.
    @Test func replaysAcrossSegments() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 4_096)
        let written = try await appendMany(log, count: 60, visitors: 3)
        log.close()
        let (reopened, report) = try openTestLog(dir, segmentSize: 4_096)
        defer { reopened.close() }
        #expect(report.segments == dir.segments().count)
        let history = try reopened.history(for: VisitorID(rawValue: "visitor-0001")!)
        #expect(history.map(\.record) == written.filter { $0.visitorID.rawValue == "visitor-0001" })
        #expect(LogVerifier.verify(directory: dir.path).records == 60)
    }

    /// `scan(after:)` streams records in order across segments and stops when asked.
    @Test func scanStreamsInOrderFromCursor() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 4_096)
        defer { log.close() }
        try await appendMany(log, count: 45)
        var seen: [UInt64] = []
        try log.scan(after: 17) { stored in
            seen.append(stored.record.sequence)
            return seen.count < 20
        }
        #expect(seen == Array(18...37))
        var all = 0
        try log.scan(after: 0) { _ in all += 1; return true }
        #expect(all == 45)
    }
}
