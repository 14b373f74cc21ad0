import Foundation
import Testing
@testable import ConsentDomain

@Suite struct RetentionTests {
    /// Segments whose newest record is past retention are deleted; the active one never is.
    @Test func sweepDeletesOnlyExpiredClosedSegments() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let clock = LogTestClock()
        let (log, _) = try openTestLog(dir, clock: clock, segmentSize: 4_096)
        defer { log.close() }
        try await appendMany(log, count: 30, visitors: 10_000)       // old records, several segments
        let oldSegments = dir.segments()
        clock.advance(days: 200)
        try await appendMany(log, count: 30, visitors: 10_000, startingAt: 1_000)
        #expect(try log.runRetentionSweep().isEmpty)              // nothing is a year old yet
        clock.advance(days: 200)
        let deleted = try log.runRetentionSweep()
        #expect(!deleted.isEmpty)
        #expect(deleted.allSatisfy(oldSegments.contains))
        #expect(Set(dir.segments()).isDisjoint(with: deleted))
        #expect(!dir.segments().isEmpty)
        // visitor-0000 only had record 1, in the first (deleted) segment; visitor-1000 is recent.
        #expect(log.latest(for: VisitorID(rawValue: "visitor-0000")!) == nil)
        #expect(try log.history(for: VisitorID(rawValue: "visitor-0000")!).isEmpty)
        #expect(log.latest(for: VisitorID(rawValue: "visitor-1000")!) != nil)
        var remaining = 0
        try log.scan(after: 0) { _ in remaining += 1; return true }
        #expect(log.stats.records == remaining)
        #expect(remaining < 60)
    }

    /// The active segment survives even when everything in it is expired.
    @Test func neverDeletesTheActiveSegment() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let clock = LogTestClock()
        let (log, _) = try openTestLog(dir, clock: clock)
        defer { log.close() }
        try await appendMany(log, count: 5)
        clock.advance(days: 400)
        #expect(try log.runRetentionSweep().isEmpty)
        #expect(dir.segments().count == 1)
    }

    /// After a sweep, verification and replay start from the anchor of the first remaining record.
    @Test func verificationContinuesFromAnchor() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let clock = LogTestClock()
        let (log, _) = try openTestLog(dir, clock: clock, segmentSize: 4_096)
        try await appendMany(log, count: 40)
        clock.advance(days: 366)
        try await appendMany(log, count: 1, startingAt: 40)
        let deleted = try log.runRetentionSweep()
        log.close()
        #expect(!deleted.isEmpty)
        let report = LogVerifier.verify(directory: dir.path)
        #expect(report.isIntact)
        let anchor = try #require(report.anchor)
        let firstRemaining = try #require(dir.segments().first.flatMap(SegmentName.firstSequence(of:)))
        #expect(anchor.firstSequence == firstRemaining)
        #expect(report.lastSequence == 41)
        let (reopened, replay) = try openTestLog(dir, clock: clock, segmentSize: 4_096)
        defer { reopened.close() }
        #expect(replay.anchorSequence == firstRemaining)
        #expect(replay.records == Int(41 - firstRemaining + 1))
        #expect(try await reopened.append(.make(n: 77)).sequence == 42)
    }

    /// Opening a log runs the sweep: expired segments are gone before the first append.
    @Test func openRunsTheSweep() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let clock = LogTestClock()
        let (log, _) = try openTestLog(dir, clock: clock, segmentSize: 4_096)
        try await appendMany(log, count: 40)
        clock.advance(days: 366)
        try await appendMany(log, count: 1, startingAt: 40)
        log.close()
        let (reopened, report) = try openTestLog(dir, clock: clock, segmentSize: 4_096)
        reopened.close()
        #expect(!report.deletedSegments.isEmpty)
        #expect(LogVerifier.verify(directory: dir.path).isIntact)
    }
}
