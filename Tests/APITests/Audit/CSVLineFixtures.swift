import Foundation
@testable import ConsentDomain
@testable import ConsentService

/// Builders for the CSV-from-line tests: one record as both a decoded `StoredRecord` (the old
/// rendering path) and an undecoded `LogLine` (the new one), from the same canonical line bytes,
/// and small hand-made logs whose lines the test may alter before they are chained.
enum CSVLineFixtures {
    /// A draft whose text fields are all given; defaults are plain values.
    static func draft(consentID: String = "c_1", visitor: String = "visitor-0001", action: ConsentAction = .grant,
                      choices: ConsentChoices = ConsentChoices(functionality: true, analytics: false, targeting: true),
                      catalogueVersion: String = "3f9a1c2e4b5d6e7f", gpc: String? = "1", gpcApplied: Bool = true,
                      source: String? = "banner", locale: String? = "en-GB", noticeVersion: String? = "n-3") -> ConsentDraft {
        ConsentDraft(consentID: consentID, visitorID: VisitorID(rawValue: visitor)!, action: action, choices: choices,
                     catalogueVersion: catalogueVersion,
                     categoryVersions: [.essential: "0a1b", .functionality: "1b2c", .analytics: "2c3d", .targeting: "3d4e"],
                     gpcHeader: gpc, gpcApplied: gpcApplied, source: source, locale: locale, noticeVersion: noticeVersion)
    }

    /// The canonical line of `draft` (no newline).
    static func line(_ draft: ConsentDraft, sequence: UInt64 = 42, timeMilliseconds: Int64 = 1_795_000_000_123,
                     prev: ChainHash = .genesis) -> [UInt8] {
        var bytes: [UInt8] = []
        RecordLineEncoder.append(sequence: sequence, timeMilliseconds: timeMilliseconds, draft: draft, prev: prev, to: &bytes)
        return bytes
    }

    enum FixtureError: Error { case unparsable(String), undecodable(String) }

    /// The same line as the decoded record the log's `readRecords` returns and as the `LogLine` its `readLines` returns.
    static func both(_ line: [UInt8]) throws -> (StoredRecord, LogLine) {
        let parsed: ParsedLine
        do { parsed = try line.withUnsafeBufferPointer { (b) throws(LineParseError) in try ParsedLine(b) } } catch {
            throw FixtureError.unparsable(error.reason)
        }
        let record: ConsentRecord
        do { record = try line.withUnsafeBufferPointer { (b) throws(LineParseError) in try parsed.makeRecord(line: b) } } catch {
            throw FixtureError.undecodable(error.reason)
        }
        let hash = ChainHash.of(line: line[...])
        return (StoredRecord(record: record, hash: hash.hex, line: line),
                LogLine(parsed: parsed, line: line, hash: hash))
    }

    /// The CSV row the record-based path writes.
    static func recordRow(_ stored: StoredRecord) -> String {
        var out: [UInt8] = []
        ExportRenderer.appendCSVRow(stored, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The CSV row the line-based path writes.
    static func lineRow(_ line: LogLine) -> String {
        var out: [UInt8] = []
        ExportRenderer.appendCSVRow(line, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `line` with the first occurrence of `target` replaced by `replacement` (bytes).
    static func replacing(_ target: String, with replacement: [UInt8], in line: [UInt8]) -> [UInt8] {
        let needle = Array(target.utf8)
        guard let at = line.indices.first(where: { line[$0...].starts(with: needle) }) else { return line }
        return Array(line[..<at]) + replacement + Array(line[(at + needle.count)...])
    }

    /// A log directory holding one segment with the given drafts, chained, where `alter` may rewrite each
    /// line (by index) before it is hashed into the next line's `prev`. Records are 1 s apart from 2026-11-18.
    static func makeLog(_ drafts: [ConsentDraft], alter: (Int, [UInt8]) -> [UInt8] = { $1 }) throws -> (path: String, log: ConsentLog) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("consent-csv-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var file: [UInt8] = []
        var prev = ChainHash.genesis
        for (i, draft) in drafts.enumerated() {
            let bytes = alter(i, line(draft, sequence: UInt64(i + 1), timeMilliseconds: 1_795_000_000_000 + Int64(i) * 1_000, prev: prev))
            prev = ChainHash.of(line: bytes[...])
            file += bytes
            file.append(0x0A)
        }
        _ = FileManager.default.createFile(atPath: path + "/" + SegmentName.make(first: 1), contents: Data(file))
        let log = try ConsentLog.open(directory: path, options: LogOptions(fsync: .never),
                                      clock: AuditTestBed.ManualClock()).0
        return (path, log)
    }
}
