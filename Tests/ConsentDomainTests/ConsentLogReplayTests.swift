import Foundation
import Testing
@testable import ConsentDomain

@Suite struct ConsentLogReplayTests {
    private func expectCorrupt(_ dir: LogTestDirectory, segment: String, offset: Int, reasonContains text: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let (log, _) = try openTestLog(dir)
            log.close()
            Issue.record("opened a damaged log", sourceLocation: sourceLocation)
        } catch {
            guard case .corrupt(let s, let o, let reason) = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(s == segment, sourceLocation: sourceLocation)
            #expect(o == offset, sourceLocation: sourceLocation)
            #expect(reason.contains(text), "\(reason)", sourceLocation: sourceLocation)
        }
    }

    /// A fresh directory is created, with one empty segment and an empty index.
    @Test func opensEmptyDirectory() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, report) = try openTestLog(dir)
        log.close()
        #expect(report.records == 0)
        #expect(report.tornTail == nil)
        #expect(dir.segments() == ["segment-00000000000000000001.log"])
    }

    /// Reopening rebuilds the latest state and history of every visitor from the files.
    @Test func reopenRebuildsIndex() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        let written = try await appendMany(log, count: 30, visitors: 7)
        let before = (0..<7).map { log.latest(for: VisitorID(rawValue: String(format: "visitor-%04d", $0))!) }
        log.close()
        let (reopened, report) = try openTestLog(dir)
        defer { reopened.close() }
        #expect(report.records == 30)
        #expect(report.visitors == 7)
        #expect(report.lastSequence == 30)
        let after = (0..<7).map { reopened.latest(for: VisitorID(rawValue: String(format: "visitor-%04d", $0))!) }
        #expect(after == before)
        let history = try reopened.history(for: VisitorID(rawValue: "visitor-0003")!)
        #expect(history.map(\.record) == written.filter { $0.visitorID.rawValue == "visitor-0003" })
        let next = try await reopened.append(.make(n: 99))
        #expect(next.sequence == 31)
        #expect(next.prev == report.headHash)
    }

    /// A partial last line is cut off, kept in quarantine, reported, and the log appends after it.
    @Test func cutsTornTailAndKeepsItAside() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 4)
        log.close()
        let name = try #require(dir.segments().first)
        let intact = dir.bytes(of: name)
        let torn = Array(#"{"seq":5,"time":"2026-09-2"#.utf8)
        dir.write(intact + torn, to: name)
        let (reopened, report) = try openTestLog(dir)
        defer { reopened.close() }
        let tail = try #require(report.tornTail)
        #expect(tail.segment == name)
        #expect(tail.offset == intact.count)
        #expect(tail.byteCount == torn.count)
        #expect(tail.quarantinePath == dir.path + "/quarantine/\(name).\(intact.count).torn")
        #expect(dir.bytes(of: "quarantine/\(name).\(intact.count).torn") == torn)
        #expect(dir.bytes(of: name) == intact)
        let next = try await reopened.append(.make(n: 5))
        #expect(next.sequence == 5)
        #expect(LogVerifier.verify(directory: dir.path).isIntact)
    }

    /// A complete but unparsable last line of the newest segment is also a torn tail.
    @Test func treatsGarbledLastLineAsTorn() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 2)
        log.close()
        let name = try #require(dir.segments().first)
        let intact = dir.bytes(of: name)
        dir.write(intact + Array("garbage\n".utf8), to: name)
        let (reopened, report) = try openTestLog(dir)
        reopened.close()
        #expect(report.tornTail?.offset == intact.count)
        #expect(report.records == 2)
    }

    /// A bad line before the last one refuses the start, naming segment and offset.
    @Test func refusesBadLineInTheMiddle() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 4)
        log.close()
        let name = try #require(dir.segments().first)
        let offsets = dir.lineOffsets(of: name)
        var bytes = dir.bytes(of: name)
        bytes[offsets[1] + 1] = UInt8(ascii: "X")   // {"seq" → {Xseq"
        dir.write(bytes, to: name)
        expectCorrupt(dir, segment: name, offset: offsets[1], reasonContains: "unreadable record")
    }

    /// A flipped byte inside a value keeps the line parsable but breaks the next record's `prev`.
    @Test func refusesFlippedByte() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 4)
        log.close()
        let name = try #require(dir.segments().first)
        let offsets = dir.lineOffsets(of: name)
        var bytes = dir.bytes(of: name)
        let text = String(decoding: bytes[offsets[1]..<offsets[2]], as: UTF8.self)
        let localeAt = try #require(text.range(of: "de-DE"))
        bytes[offsets[1] + text.utf8.distance(from: text.startIndex, to: localeAt.lowerBound)] = UInt8(ascii: "f")
        dir.write(bytes, to: name)
        expectCorrupt(dir, segment: name, offset: offsets[2], reasonContains: "broken chain")
    }

    /// A record whose `prev` does not match (an edited chain) refuses the start.
    @Test func refusesBrokenChain() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 3)
        log.close()
        let name = try #require(dir.segments().first)
        let offsets = dir.lineOffsets(of: name)
        var bytes = dir.bytes(of: name)
        let text = String(decoding: bytes[offsets[2]...], as: UTF8.self)
        let prevAt = try #require(text.range(of: #""prev":""#))
        let digit = offsets[2] + text.utf8.distance(from: text.startIndex, to: prevAt.upperBound)
        bytes[digit] = bytes[digit] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        dir.write(bytes, to: name)
        // The edited line is the last one and still parses: chain damage is never a torn tail.
        expectCorrupt(dir, segment: name, offset: offsets[2], reasonContains: "broken chain")
    }

    /// A missing record (sequence gap) refuses the start.
    @Test func refusesSequenceGap() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        try await appendMany(log, count: 4)
        log.close()
        let name = try #require(dir.segments().first)
        let offsets = dir.lineOffsets(of: name)
        let bytes = dir.bytes(of: name)
        dir.write(Array(bytes[0..<offsets[1]] + bytes[offsets[2]...]), to: name)
        expectCorrupt(dir, segment: name, offset: offsets[1], reasonContains: "sequence gap")
    }

    /// A whole missing segment is a sequence gap at the next segment's start.
    @Test func refusesMissingSegment() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 4_096)
        try await appendMany(log, count: 40)
        log.close()
        let names = dir.segments()
        #expect(names.count >= 3)
        try FileManager.default.removeItem(atPath: dir.path + "/" + names[1])
        expectCorrupt(dir, segment: names[2], offset: 0, reasonContains: "sequence gap")
    }
}
