import Foundation
import Synchronization
import Testing
@testable import ConsentDomain

/// Segment preallocation (`fallocate` with `FALLOC_FL_KEEP_SIZE`): blocks are reserved for the
/// segment's size limit while it is written (the file holds its records and the zeros written ahead of
/// them, `LogZerosAheadTests`), and the unused reservation is given back when the segment is left
/// (rotation) or the log is closed.
@Suite struct LogPreallocationTests {
    /// Size and allocated bytes (`st_blocks` × 512) of a file.
    private static func footprint(_ path: String) throws -> (size: Int, allocated: Int) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw LogError.io(operation: "stat", path: path, errno: errno) }
        return (Int(info.st_size), Int(info.st_blocks) * 512)
    }

    /// A draft whose line is about 14,000 bytes (a long `source`), so four fill most of a 64 KiB segment.
    private static func largeDraft(_ n: Int) -> ConsentDraft {
        .make(visitor: String(format: "visitor-%04d", n), n: n, source: String(repeating: "s", count: 13_500))
    }

    /// While a segment is open, blocks for its whole size limit are reserved beyond the data; the
    /// file holds the record lines and then only the zeros written ahead of them (`LogWriter.extend`),
    /// and closing cuts it to exactly the record bytes.
    @Test func openSegment_reservesItsSizeLimit_andClosingCutsTheFileToItsRecords() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let limit = 1 << 20
        let (log, _) = try openTestLog(dir, segmentSize: limit)
        let records = try await appendMany(log, count: 3)
        let name = try #require(dir.segments().last)
        let (_, allocated) = try Self.footprint(dir.path + "/" + name)
        let open = dir.bytes(of: name)
        log.close()
        let closed = dir.bytes(of: name)
        #expect(allocated >= limit)
        #expect(closed.last == 0x0A && !closed.contains(0))
        #expect(closed.split(separator: 0x0A).count == records.count)
        #expect(open.count > closed.count)
        #expect(Array(open[..<closed.count]) == closed)
        #expect(open[closed.count...].allSatisfy { $0 == 0 })
        #expect(try Self.footprint(dir.path + "/" + name).size == closed.count)
        #expect(LogVerifier.verify(directory: dir.path).firstFault == nil)
    }

    /// Closing the log gives the unused reservation back; reopening reserves it again for the newest segment.
    @Test func closeReleasesTheReservation_andReopeningTheNewestSegmentReservesAgain() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let limit = 1 << 20
        let (log, _) = try openTestLog(dir, segmentSize: limit)
        try await appendMany(log, count: 3)
        log.close()
        let name = try #require(dir.segments().last)
        let closed = try Self.footprint(dir.path + "/" + name)
        #expect(closed.allocated < closed.size + 4_096)
        let (reopened, report) = try openTestLog(dir, segmentSize: limit)
        let open = try Self.footprint(dir.path + "/" + name)
        reopened.close()
        #expect(report.records == 3)
        #expect(open.size == closed.size)
        #expect(open.allocated >= limit)
    }

    /// A segment left by rotation keeps only the blocks its bytes need, while the new one is reserved.
    @Test func rotationReleasesTheLeftSegment_andReservesTheNewOne() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let limit = 64 * 1_024
        let (log, _) = try openTestLog(dir, segmentSize: limit)
        defer { log.close() }
        for n in 0..<6 { _ = try await log.append(Self.largeDraft(n)) }
        let names = dir.segments()
        try #require(names.count == 2)
        let left = try Self.footprint(dir.path + "/" + names[0])
        let active = try Self.footprint(dir.path + "/" + names[1])
        #expect(left.size < limit - 4_096)
        #expect(left.allocated < left.size + 4_096)
        #expect(active.allocated >= limit)
        #expect(active.size == dir.bytes(of: names[1]).count)
    }

    /// When preallocation fails (here: `ENOSPC` injected for every `fallocate`), appends still
    /// succeed across rotations and the failure is reported once, not per segment.
    @Test func failedPreallocation_isReportedOnce_andAppendsGoOn() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.arm(.preallocate, errno: ENOSPC)
        let warnings = Mutex<[String]>([])
        var options = LogOptions(segmentSize: 4_096, fsync: .always)
        options.faults = faults
        options.onWarning = { message, metadata in
            warnings.withLock { $0.append(message + ": " + (metadata["error.description"] ?? "")) }
        }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: options, clock: LogTestClock())
        try await appendMany(log, count: 30)
        log.close()
        #expect(dir.segments().count > 2)
        #expect(LogVerifier.verify(directory: dir.path).records == 30)
        let reported = warnings.withLock { $0 }
        #expect(reported.count == 1)
        #expect(reported.first?.contains("fallocate") == true)
    }
}
