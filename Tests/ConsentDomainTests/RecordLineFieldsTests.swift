import Foundation
import Testing
@testable import ConsentDomain

/// `RecordLineFields` (a stored line's fields as byte positions) and the text check that lets
/// `readLines(…, checkingText: true)` fail on exactly the lines `readRecords` fails to decode.
@Suite struct RecordLineFieldsTests {
    private func line(_ draft: ConsentDraft = .make(), sequence: UInt64 = 7, timeMilliseconds: Int64 = 1_790_000_000_123,
                      prev: ChainHash = .genesis) -> [UInt8] {
        var bytes: [UInt8] = []
        RecordLineEncoder.append(sequence: sequence, timeMilliseconds: timeMilliseconds, draft: draft, prev: prev, to: &bytes)
        return bytes
    }

    private func text(_ bytes: [UInt8], _ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// `line` with the first occurrence of `target` replaced.
    private func replacing(_ target: String, with replacement: [UInt8], in line: [UInt8]) -> [UInt8] {
        let needle = Array(target.utf8)
        guard let at = line.indices.first(where: { line[$0...].starts(with: needle) }) else { return line }
        return Array(line[..<at]) + replacement + Array(line[(at + needle.count)...])
    }

    /// The sequence digits, the time text and `prev` are located for short and long sequence numbers.
    @Test(arguments: [UInt64(0), 9, 10, 12_345_678_901_234, UInt64.max])
    func positions_locateSequenceTimeAndPrev(sequence: UInt64) throws {
        let prev = ChainHash.of(line: Array("previous".utf8)[...])
        let bytes = line(sequence: sequence, prev: prev)
        let fields = try #require(bytes.withUnsafeBufferPointer { RecordLineFields(line: $0) })
        #expect(fields.sequence == sequence)
        #expect(text(bytes, fields.sequenceBytes) == String(sequence))
        #expect(text(bytes, fields.timeBytes) == "2026-09-21T14:13:20.123Z")
        #expect(text(bytes, fields.prevBytes) == prev.hex)
    }

    /// Choices, action and the GPC flag are those of the line.
    @Test func values_areThoseOfTheLine() throws {
        let draft = ConsentDraft.make(choices: ConsentChoices(functionality: false, analytics: true, targeting: true), action: .withdraw, gpc: "1")
        let fields = try #require(line(draft).withUnsafeBufferPointer { RecordLineFields(line: $0) })
        #expect(fields.action == .withdraw)
        #expect(fields.choices == draft.choices)
        #expect(fields.gpcApplied)
    }

    /// Unescaped text is handed over as the line's own bytes; a `null` field does not call the body.
    @Test func withText_givesPlainTextAndSkipsNull() throws {
        let bytes = line(.make(gpc: nil, source: "banner", locale: nil))
        try bytes.withUnsafeBufferPointer { buffer in
            let fields = try #require(RecordLineFields(line: buffer))
            var seen: [String] = []
            #expect(fields.withText(.source, in: buffer) { seen.append(String(decoding: $0, as: UTF8.self)) })
            #expect(!fields.withText(.locale, in: buffer) { _ in seen.append("locale") })
            #expect(!fields.withText(.gpc, in: buffer) { _ in seen.append("gpc") })
            #expect(seen == ["banner"])
        }
    }

    /// Escaped text (`\"`, `\\`, `\u00XX`, `\/`, surrogate pairs) is handed over decoded, as a record holds it.
    @Test func withText_decodesEscapes() throws {
        let bytes = replacing(#""source":"banner""#, with: Array(#""source":"a\"b\\c\u0001\/\ud83d\ude00""#.utf8), in: line())
        try bytes.withUnsafeBufferPointer { buffer in
            let fields = try #require(RecordLineFields(line: buffer))
            var seen = ""
            fields.withText(.source, in: buffer) { seen = String(decoding: $0, as: UTF8.self) }
            #expect(seen == "a\"b\\c\u{01}/😀")
        }
    }

    /// A line that is not canonical (here: a space after a colon) gives no fields.
    @Test func init_returnsNil_forANonCanonicalLine() {
        let bytes = replacing(#""seq":7"#, with: Array(#""seq": 7"#.utf8), in: line())
        #expect(bytes.withUnsafeBufferPointer { RecordLineFields(line: $0) } == nil)
    }

    /// The text check rejects what decoding rejects: invalid UTF-8 anywhere, an unpaired surrogate, a visitor id
    /// that is only invalid once unescaped.
    @Test(arguments: [
        (#""source":"banner""#, Array(#""source":"#.utf8) + [0x22, 0xC3, 0x28, 0x22]),
        (#""essential":"e1""#, Array(#""essential":""#.utf8) + [0xFF, 0x22]),
        (#""locale":"de-DE""#, Array(#""locale":"\ud800x""#.utf8)),
        (#""visitorId":"visitor-0001""#, Array(#""visitorId":"visitor\u002101""#.utf8)),
    ])
    func checkText_rejectsWhatDecodingRejects(target: String, replacement: [UInt8]) throws {
        let bytes = replacing(target, with: replacement, in: line())
        try bytes.withUnsafeBufferPointer { buffer in
            let parsed = try ParsedLine(buffer)
            #expect(throws: LineParseError.self) { try parsed.makeRecord(line: buffer) }
            #expect(throws: LineParseError.self) { try parsed.checkText(line: buffer) }
        }
    }

    /// A line with escaped but valid text passes the check, and it decodes.
    @Test func checkText_acceptsEscapedValidText() throws {
        let bytes = replacing(#""source":"banner""#, with: Array(#""source":"\u00e9\ud83d\ude00\t""#.utf8), in: line())
        try bytes.withUnsafeBufferPointer { buffer in
            let parsed = try ParsedLine(buffer)
            try parsed.checkText(line: buffer)
            #expect(try parsed.makeRecord(line: buffer).draft.source == "é😀\t")
        }
    }

    /// `readLines(checkingText: true)` fails on a line with invalid UTF-8 as `readRecords` does, naming the same
    /// line; without the check the line is returned as stored.
    @Test func readLines_checkingText_failsLikeReadRecords() throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        var file: [UInt8] = []
        var prev = ChainHash.genesis
        var lines: [[UInt8]] = []
        for n in 0..<3 {
            var bytes = line(.make(n: n, source: "AAAA"), sequence: UInt64(n + 1), timeMilliseconds: 1_790_000_000_000 + Int64(n), prev: prev)
            if n == 2 { bytes = replacing("AAAA", with: [0x41, 0xFF, 0x41, 0x41], in: bytes) }
            prev = ChainHash.of(line: bytes[...])
            lines.append(bytes)
            file += bytes + [0x0A]
        }
        dir.write(file, to: SegmentName.make(first: 1))
        let (log, _) = try openTestLog(dir)
        defer { log.close() }
        var checked: LogError?
        do { _ = try log.readLines(after: 0, maxRecords: 10, checkingText: true) } catch { checked = error }
        var decoded: LogError?
        do { _ = try log.readRecords(after: 0, maxRecords: 10) } catch { decoded = error }
        guard case .corrupt(_, let offset, _)? = checked, case .corrupt(_, let decodedOffset, _)? = decoded else {
            Issue.record("expected .corrupt from both reads, got \(String(describing: checked)) and \(String(describing: decoded))")
            return
        }
        #expect(offset == lines[0].count + lines[1].count + 2)
        #expect(offset == decodedOffset)
        #expect(try log.readLines(after: 0, maxRecords: 10).lines.map(\.line) == lines)
        #expect(try log.readLines(after: 0, maxRecords: 2, checkingText: true).lines.map(\.line) == Array(lines[0..<2]))
    }
}
