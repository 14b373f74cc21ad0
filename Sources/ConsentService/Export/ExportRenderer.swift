import ConsentDomain

/// Turns records into the bytes of one export page in one format: `begin`, then `append` per
/// record, then `end` with the cursor. Stateless apart from the comma between JSON elements.
struct ExportRenderer: Sendable {
    /// The CSV header row (column order of the `csv` format).
    static let csvColumns = "seq,time,consentId,visitorId,action,functionality,analytics,targeting,"
        + "catalogueVersion,gpc,gpcApplied,source,locale,noticeVersion,prev,hash"

    let format: ExportFormat
    let receipts: ReceiptRenderer
    private var count = 0

    init(format: ExportFormat, receipts: ReceiptRenderer) {
        self.format = format
        self.receipts = receipts
    }

    /// The page's opening bytes.
    func begin(into out: inout [UInt8]) {
        switch format {
        case .json: out.append(contentsOf: #"{"records":["#.utf8)
        case .receipt: out.append(contentsOf: #"{"receipts":["#.utf8)
        case .csv: out.append(contentsOf: Self.csvColumns.utf8); out.append(contentsOf: CSVCell.lineEnd)
        case .ndjson: break
        }
    }

    /// Appends one record.
    mutating func append(_ stored: StoredRecord, into out: inout [UInt8]) {
        defer { count += 1 }
        switch format {
        case .json:
            if count > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendHistoryRecord(stored, into: &out)
        case .ndjson:
            Self.appendHistoryRecord(stored, into: &out)
            out.append(0x0A)
        case .receipt:
            if count > 0 { out.append(UInt8(ascii: ",")) }
            receipts.append(stored, into: &out)
        case .csv:
            Self.appendCSVRow(stored, into: &out)
        }
    }

    /// Appends one undecoded line (JSON, NDJSON and CSV; receipts need decoded records).
    mutating func append(_ line: LogLine, into out: inout [UInt8]) {
        defer { count += 1 }
        switch format {
        case .json:
            if count > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendHistoryRecord(line, into: &out)
        case .ndjson:
            Self.appendHistoryRecord(line, into: &out)
            out.append(0x0A)
        case .csv:
            Self.appendCSVRow(line, into: &out)
        case .receipt:
            break   // ExportPage decodes records for receipts
        }
    }

    /// A `HistoryRecord` from an undecoded line: the line with `"hash"` added as its last member.
    static func appendHistoryRecord(_ line: LogLine, into out: inout [UInt8]) {
        guard line.line.last == UInt8(ascii: "}") else { out.append(contentsOf: line.line); return }   // never for a parsed line
        out.append(contentsOf: line.line[..<(line.line.count - 1)])
        out.append(contentsOf: #","hash":""#.utf8)
        line.appendHashHex(to: &out)
        out.append(contentsOf: "\"}".utf8)
    }

    /// The page's closing bytes; `next` is the cursor when more records remain.
    func end(next: UInt64?, into out: inout [UInt8]) {
        switch format {
        case .json, .receipt:
            out.append(contentsOf: #"],"next":"#.utf8)
            if let next { out.append(contentsOf: "\"\(next)\"}".utf8) } else { out.append(contentsOf: "null}".utf8) }
        case .csv, .ndjson: break
        }
    }

    /// A `HistoryRecord`: the stored line exactly as written (canonical JSON, see `RecordLineEncoder`) with
    /// `"hash"` added as the last member, so what the auditor hashes is visibly what the log holds.
    static func appendHistoryRecord(_ stored: StoredRecord, into out: inout [UInt8]) {
        guard stored.line.last == UInt8(ascii: "}") else {
            // Never the case for a line the log accepted; keep the output valid JSON regardless.
            var json = JSONWriter()
            HistoryRecordWire.write(stored, into: &json)
            out.append(contentsOf: json.bytes)
            return
        }
        out.append(contentsOf: stored.line[..<(stored.line.count - 1)])
        out.append(contentsOf: #","hash":""#.utf8)
        out.append(contentsOf: stored.hash.utf8)
        out.append(contentsOf: "\"}".utf8)
    }

    /// One CSV row (CRLF-terminated).
    static func appendCSVRow(_ stored: StoredRecord, into out: inout [UInt8]) {
        let record = stored.record
        let comma = UInt8(ascii: ",")
        out.append(contentsOf: String(record.sequence).utf8); out.append(comma)
        appendTime(of: stored, into: &out); out.append(comma)
        CSVCell.appendText(record.consentID, to: &out); out.append(comma)
        CSVCell.appendText(record.visitorID.rawValue, to: &out); out.append(comma)
        out.append(contentsOf: record.action.rawValue.utf8); out.append(comma)
        out.append(contentsOf: (record.choices.functionality ? "true" : "false").utf8); out.append(comma)
        out.append(contentsOf: (record.choices.analytics ? "true" : "false").utf8); out.append(comma)
        out.append(contentsOf: (record.choices.targeting ? "true" : "false").utf8); out.append(comma)
        CSVCell.appendText(record.draft.catalogueVersion, to: &out); out.append(comma)
        if let gpc = record.draft.gpcHeader { CSVCell.appendText(gpc, to: &out) }
        out.append(comma)
        out.append(contentsOf: (record.draft.gpcApplied ? "true" : "false").utf8); out.append(comma)
        if let source = record.draft.source { CSVCell.appendText(source, to: &out) }
        out.append(comma)
        if let locale = record.draft.locale { CSVCell.appendText(locale, to: &out) }
        out.append(comma)
        if let notice = record.draft.noticeVersion { CSVCell.appendText(notice, to: &out) }
        out.append(comma)
        out.append(contentsOf: record.prev.utf8); out.append(comma)
        out.append(contentsOf: stored.hash.utf8)
        out.append(contentsOf: CSVCell.lineEnd)
    }

    /// One CSV row (CRLF-terminated) rendered straight from a stored line's bytes: byte for byte what
    /// `appendCSVRow(_: StoredRecord, into:)` writes for the decoded record, without decoding it
    /// (no `String` per cell, no dictionary of category versions). Numbers, time and `prev` are copied
    /// from the canonical line; text cells go through `CSVCell` (quoting and the formula guard).
    static func appendCSVRow(_ line: LogLine, into out: inout [UInt8]) {
        let fields = line.fields   // positions from the read's parse
        line.line.withUnsafeBufferPointer { bytes in
            let comma = UInt8(ascii: ",")
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fields.sequenceBytes])); out.append(comma)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fields.timeBytes])); out.append(comma)
            fields.withText(.consentID, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            fields.withText(.visitorID, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            appendLiteral(fields.action == .grant ? "grant," : "withdraw,", into: &out)
            appendLiteral(fields.choices.functionality ? "true," : "false,", into: &out)
            appendLiteral(fields.choices.analytics ? "true," : "false,", into: &out)
            appendLiteral(fields.choices.targeting ? "true," : "false,", into: &out)
            fields.withText(.catalogueVersion, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            fields.withText(.gpc, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            appendLiteral(fields.gpcApplied ? "true," : "false,", into: &out)
            fields.withText(.source, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            fields.withText(.locale, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            fields.withText(.noticeVersion, in: bytes) { CSVCell.appendText($0, to: &out) }; out.append(comma)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fields.prevBytes])); out.append(comma)
            line.appendHashHex(to: &out)
            out.append(contentsOf: CSVCell.lineEnd)
        }
    }

    @inline(__always)
    private static func appendLiteral(_ text: StaticString, into out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends the record's time as written in its line, else formatted from `recordedAt`.
    static func appendTime(of stored: StoredRecord, into out: inout [UInt8]) {
        let start = 7 + decimalDigits(stored.record.sequence) + 9
        let line = stored.line
        if line.count >= start + 24, line[start - 1] == UInt8(ascii: "\""), line[start + 23] == UInt8(ascii: "Z") {
            out.append(contentsOf: line[start..<(start + 24)])
        } else {
            out.append(contentsOf: timeText(of: stored).utf8)
        }
    }

    /// Number of decimal digits of `value`.
    static func decimalDigits(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        return digits
    }

    /// The record's time as written in its line (`2026-11-22T10:00:00.123Z`), else formatted from `recordedAt`.
    static func timeText(of stored: StoredRecord) -> String {
        // The canonical line starts `{"seq":<digits>,"time":"<24 bytes>"`.
        let start = 7 + decimalDigits(stored.record.sequence) + 9
        let line = stored.line
        if line.count >= start + 24, line[start - 1] == UInt8(ascii: "\""), line[start + 23] == UInt8(ascii: "Z") {
            return String(decoding: line[start..<(start + 24)], as: UTF8.self)
        }
        return TimeBound(milliseconds: Int64((stored.record.recordedAt.timeIntervalSince1970 * 1_000).rounded())).text
    }
}
