import Foundation
import Testing
@testable import ConsentDomain

/// The double-buffered segment reader and the index keys replay works out on its checking threads.
@Suite struct SegmentLineReaderTests {
    /// One canonical record line (chain not checked here) with the given visitor id text.
    private func recordLine(visitor: String, consentID: String = "0a1b2c3d-0000-4000-8000-00000000abcd") -> [UInt8] {
        let line = "{\"seq\":1,\"time\":\"2026-10-01T00:00:00.000Z\",\"consentId\":\"\(consentID)\",\"visitorId\":\"\(visitor)\","
            + "\"action\":\"grant\",\"choices\":{\"functionality\":true,\"analytics\":false,\"targeting\":false},"
            + "\"catalogueVersion\":\"cat-1\","
            + "\"categoryVersions\":{\"essential\":\"e1\",\"functionality\":\"f1\",\"analytics\":\"a1\",\"targeting\":\"t1\"},"
            + "\"gpc\":null,\"gpcApplied\":false,\"source\":\"banner\",\"locale\":\"en-GB\",\"noticeVersion\":\"2026-01\","
            + "\"prev\":\"\(ChainHash.genesis.hex)\"}"
        return Array(line.utf8)
    }

    /// Batches kept by the caller (as replay keeps the one being indexed) still hold their
    /// own lines after the reader has refilled its buffers several times over.
    @Test func keptBatchesKeepTheirBytesAfterTheReaderMovesOn() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        var bytes: [UInt8] = []
        var expected: [(offset: Int, text: String)] = []
        var n = 0
        while bytes.count < 3 * SegmentLineReader.chunkBytes + 12_345 {
            let text = "line-\(n)-" + String(repeating: Character(UnicodeScalar(UInt8(0x61 + n % 26))), count: 100 + n % 300)
            expected.append((bytes.count, text))
            bytes += Array(text.utf8) + [0x0A]
            n += 1
        }
        try? FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        dir.write(bytes, to: "lines")
        let reader = SegmentLineReader(path: dir.path + "/lines", segment: "lines", maxLineBytes: 4_096, limit: nil)
        var kept: [(bytes: [UInt8], spans: [LineSpan])] = []
        try reader.forEachOwnedBatch { (bytes, spans) throws(LogError) -> Bool in
            kept.append((bytes, spans))
            return true
        }
        #expect(kept.count >= 4)
        let lines = kept.flatMap { batch in
            batch.spans.map { span in
                (span.offset, String(decoding: batch.bytes[span.start..<(span.start + span.count)], as: UTF8.self))
            }
        }
        #expect(lines.count == expected.count)
        for (line, want) in zip(lines, expected) where line.0 != want.offset || line.1 != want.text {
            Issue.record("line at \(line.0) reads \(line.1.prefix(20)), expected \(want.text.prefix(20)) at \(want.offset)")
            break
        }
        #expect(kept.last?.spans.last?.isLast == true)
    }

    /// The keys worked out ahead equal what the index would work out itself: the packed
    /// visitor, its table tag and the consent id as a UUID.
    @Test func replayKeyMatchesTheIndexOwnKeys() throws {
        let line = recordLine(visitor: "v0123456789abcdefGHIJ_-")
        try line.withUnsafeBufferPointer { bytes in
            let parsed = try ParsedLine(bytes)
            let key = try #require(ReplayKey(parsed, line: bytes))
            let own = try #require(VisitorKey(utf8: UnsafeBufferPointer(rebasing: bytes[parsed.visitorID.start..<parsed.visitorID.end])))
            #expect(key.visitor == own)
            #expect(key.tag == VisitorTable.tag(of: own))
            #expect(key.consentID == CompactID("0a1b2c3d-0000-4000-8000-00000000abcd"))
            #expect(key.visitor.rawValue == "v0123456789abcdefGHIJ_-")
        }
    }

    /// Ids the packed form cannot hold (over 30 characters) and non-UUID consent ids are left
    /// to the index: no key for the first, no compact id for the second.
    @Test func replayKeyLeavesLongVisitorIdsAndTextConsentIdsToTheIndex() throws {
        let long = recordLine(visitor: String(repeating: "x", count: 40))
        try long.withUnsafeBufferPointer { bytes in
            let parsed = try ParsedLine(bytes)
            #expect(ReplayKey(parsed, line: bytes) == nil)
        }
        let textID = recordLine(visitor: "visitor-0001", consentID: "not-a-uuid")
        try textID.withUnsafeBufferPointer { bytes in
            let parsed = try ParsedLine(bytes)
            let key = try #require(ReplayKey(parsed, line: bytes))
            #expect(key.consentID == nil)
        }
    }
}
