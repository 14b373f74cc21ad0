import Foundation
import Testing
@testable import ConsentDomain

/// Replay of logs larger than one reader batch (1 MiB): the previous batch is indexed while
/// the next is parsed and hashed, so these check that results and errors keep their order.
@Suite struct LogReplayBatchTests {
    /// Canonical record lines with a valid chain, like scripts/bench/gen-log.py writes;
    /// `visitorOf` picks each record's visitor id text, `skip` leaves sequence numbers out.
    private func writeLog(_ dir: LogTestDirectory, records: Int, skip: Set<Int> = [],
                          visitorOf: (Int) -> String) -> (name: String, offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        var prev = ChainHash.genesis
        var seq = 1
        for n in 0..<records {
            while skip.contains(seq) { seq += 1 }
            let line = "{\"seq\":\(seq),\"time\":\"2026-10-01T00:00:00.\(String(format: "%03d", n % 1000))Z\","
                + "\"consentId\":\"\(String(format: "00000000-0000-4000-8000-%012d", n))\",\"visitorId\":\"\(visitorOf(n))\","
                + "\"action\":\"grant\",\"choices\":{\"functionality\":true,\"analytics\":\(n % 2 == 0),\"targeting\":false},"
                + "\"catalogueVersion\":\"cat-\(n / 1000)\","
                + "\"categoryVersions\":{\"essential\":\"e1\",\"functionality\":\"f1\",\"analytics\":\"a1\",\"targeting\":\"t1\"},"
                + "\"gpc\":null,\"gpcApplied\":false,\"source\":\"banner\",\"locale\":\"en-GB\",\"noticeVersion\":\"2026-01\","
                + "\"prev\":\"\(prev.hex)\"}"
            offsets.append(bytes.count)
            let utf8 = Array(line.utf8)
            prev = utf8.withUnsafeBufferPointer { ChainHash.of(line: $0) }
            bytes += utf8 + [0x0A]
            seq += 1
        }
        let name = SegmentName.make(first: 1)
        try? FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        dir.write(bytes, to: name)
        return (name, offsets)
    }

    /// 6,000 records (about 2.7 MB, three batches) over 1,000 visitors: every record and
    /// visitor is indexed, and each visitor's latest state is its last record.
    @Test func replaysLogSpanningSeveralBatches() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (_, offsets) = writeLog(dir, records: 6_000) { String(format: "visitor-%04d", $0 % 1_000) }
        #expect(offsets.last ?? 0 > 2 * SegmentLineReader.chunkBytes)
        let (log, report) = try openTestLog(dir)
        defer { log.close() }
        #expect(report.records == 6_000)
        #expect(report.visitors == 1_000)
        let visitor = try #require(VisitorID(rawValue: "visitor-0007"))
        let latest = try #require(log.latest(for: visitor))
        #expect(latest.sequence == 5_008)
        #expect(latest.catalogueVersion == "cat-5")
        #expect(latest.choices.analytics == false)
        #expect(try log.history(for: visitor).map(\.record.sequence) == [8, 1_008, 2_008, 3_008, 4_008, 5_008])
    }

    /// A record the index rejects (an invalid visitor id, chain intact) in the first batch
    /// is reported even though a later batch, checked meanwhile, has a sequence gap.
    @Test func reportsIndexErrorBeforeLaterBatchDamage() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (name, offsets) = writeLog(dir, records: 6_000, skip: [4_501]) { n in
            n == 1_000 ? "bad!visitor" : String(format: "visitor-%04d", n % 1_000)
        }
        do {
            let (log, _) = try openTestLog(dir)
            log.close()
            Issue.record("opened a damaged log")
        } catch {
            guard case .corrupt(let segment, let offset, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(segment == name)
            #expect(offset == offsets[1_000])
            #expect(reason.contains("visitorId"), "\(reason)")
        }
    }

    /// A sequence gap in a later batch names that record's offset.
    @Test func reportsGapInLaterBatchAtItsOffset() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (name, offsets) = writeLog(dir, records: 6_000, skip: [4_501]) { String(format: "visitor-%04d", $0 % 1_000) }
        let report = LogVerifier.verify(directory: dir.path)
        #expect(!report.isIntact)
        #expect(report.firstFault?.segment == name)
        #expect(report.firstFault?.offset == offsets[4_500])
        #expect(report.firstFault?.reason.contains("sequence gap") == true)
        #expect(report.records == 4_500)
    }
}
