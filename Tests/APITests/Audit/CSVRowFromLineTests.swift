import Foundation
import Testing
@testable import ConsentDomain
@testable import ConsentService

/// CSV rows rendered straight from a stored line must be byte for byte the rows rendered from the
/// decoded record (the path CSV used before), hostile text included.
@Suite struct CSVRowFromLineTests {
    typealias F = CSVLineFixtures

    /// Text that a spreadsheet or a CSV parser could misread: quotes, commas, line breaks, formula
    /// triggers (= + - @ TAB CR), non-ASCII, control bytes (stored as `\u00XX`), backslashes.
    static let hostileTexts = [
        "say \"hi\", ok", "=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "\rCR", "a\nb", "a\r\nb", "\"", ",", "'quoted",
        "é ü 漢字 😀", "\u{01}ctl\u{7F}", "back\\slash/", "=HYPERLINK(\"http://x\",\"y\")", " lead", "x=1,y=\"2\"\n",
    ]

    /// Every text cell carrying hostile text renders the same from the line as from the record.
    @Test(arguments: hostileTexts)
    func lineRow_equalsRecordRow_forHostileTextInEveryTextCell(text: String) throws {
        let draft = F.draft(consentID: text, catalogueVersion: text, gpc: text, source: text, locale: text, noticeVersion: text)
        let (stored, line) = try F.both(F.line(draft))
        #expect(F.lineRow(line) == F.recordRow(stored))
    }

    /// Visitor ids that start with a formula trigger (`-`) or an underscore render the same from the line.
    @Test(arguments: ["-cmd12345", "_under_score", "visitor-0001", String(repeating: "a", count: 64)])
    func lineRow_equalsRecordRow_forVisitorIDs(visitor: String) throws {
        let (stored, line) = try F.both(F.line(F.draft(visitor: visitor)))
        #expect(F.lineRow(line) == F.recordRow(stored))
    }

    /// Absent optionals, a withdrawal, every choice combination and large sequence numbers render the same.
    @Test(arguments: [UInt64(0), 9, 10, 999_999, 1_000_000, UInt64(Int64.max)])
    func lineRow_equalsRecordRow_forNullsWithdrawalsAndSequences(sequence: UInt64) throws {
        for mask in 0..<8 {
            let choices = ConsentChoices(functionality: mask & 1 != 0, analytics: mask & 2 != 0, targeting: mask & 4 != 0)
            let draft = F.draft(action: mask == 0 ? .withdraw : .grant, choices: choices, gpc: nil, gpcApplied: mask & 1 == 0,
                                source: nil, locale: nil, noticeVersion: nil)
            let (stored, line) = try F.both(F.line(draft, sequence: sequence, prev: ChainHash.of(line: Array("x".utf8)[...])))
            #expect(F.lineRow(line) == F.recordRow(stored))
        }
    }

    /// JSON escapes our encoder never writes but the line grammar allows (`\/`, `\t`, `\uXXXX`, surrogate
    /// pairs) are decoded before the cell is guarded and quoted: `\u003d1` is the formula `=1` and is guarded.
    @Test(arguments: [
        (#""source":"banner""#, #""source":"\u003d1+1""#),
        (#""source":"banner""#, #""source":"\ud83d\ude00\/\"q\",""#),
        (#""locale":"en-GB""#, #""locale":"\tx\r\n""#),
        (#""visitorId":"visitor-0001""#, #""visitorId":"\u0041bcdefgh1""#),
        (#""consentId":"c_1""#, #""consentId":"\u002dc\b\f""#),
    ])
    func lineRow_equalsRecordRow_forEscapesInTheLine(original: String, escaped: String) throws {
        let line = F.replacing(original, with: Array(escaped.utf8), in: F.line(F.draft()))
        #expect(line != F.line(F.draft()))
        let (stored, logLine) = try F.both(line)
        #expect(F.lineRow(logLine) == F.recordRow(stored))
    }

    /// The escaped formula `\u003d1+1` is guarded like a literal `=1+1`.
    @Test func escapedFormula_isGuarded() throws {
        let line = F.replacing(#""source":"banner""#, with: Array(#""source":"\u003d1+1""#.utf8), in: F.line(F.draft()))
        let (_, logLine) = try F.both(line)
        #expect(F.lineRow(logLine).contains(",'=1+1,"))
    }

    /// A row with hostile text has exactly the expected bytes (RFC 4180 quoting, `'` guard inside the quotes, CRLF).
    @Test func lineRow_hasTheExpectedBytes() throws {
        let draft = F.draft(consentID: "=HYPERLINK(\"x\")", visitor: "-cmd12345", action: .withdraw, choices: ConsentChoices(),
                            catalogueVersion: "v,1", gpc: nil, gpcApplied: false, source: "@src", locale: nil,
                            noticeVersion: "line\r\nbreak")
        let (_, line) = try F.both(F.line(draft))
        let hash = ChainHash.of(line: line.line[...]).hex
        let expected = "42,2026-11-18T11:06:40.123Z,\"'=HYPERLINK(\"\"x\"\")\",'-cmd12345,withdraw,false,false,false,\"v,1\",,"
            + "false,'@src,,\"line\r\nbreak\",\(String(repeating: "0", count: 64)),\(hash)\r\n"
        #expect(F.lineRow(line) == expected)
    }

    /// A CSV page is read as undecoded lines, and rendering it gives the bytes the record path gives for the same records.
    @Test func csvPage_readsLines_andRendersLikeTheRecordPath() throws {
        let drafts = Self.hostileTexts.enumerated().map { i, text in
            F.draft(consentID: "c\(i)" + text, visitor: i % 2 == 0 ? "-visitor-\(i)" : "visitor-\(i)", source: text,
                    locale: i % 3 == 0 ? nil : text)
        }
        let (path, log) = try F.makeLog(drafts)
        defer { log.close(); try? FileManager.default.removeItem(atPath: path) }
        let query = try ExportQuery(request: ServiceFixtures.request(.GET, "/v1/consents?format=csv&limit=1000"))
        let page = try ExportPage.read(from: log, query: query, cursors: ExportCursorCache())
        #expect(page.records.isEmpty)
        #expect(page.lines.count == drafts.count)
        var renderer = ExportRenderer(format: .csv, receipts: Self.receipts)
        var fromLines: [UInt8] = []
        renderer.begin(into: &fromLines)
        for line in page.lines { renderer.append(line, into: &fromLines) }
        let records = try log.readRecords(after: 0, maxRecords: 1_000).records
        var fromRecords: [UInt8] = []
        renderer.begin(into: &fromRecords)
        for record in records { ExportRenderer.appendCSVRow(record, into: &fromRecords) }
        #expect(records.count == drafts.count)
        #expect(fromLines == fromRecords)
    }

    /// A line whose text is not valid UTF-8 fails a CSV page as it failed when CSV decoded records (503 upstream);
    /// NDJSON, which copies lines, still reads it.
    @Test func csvPage_rejectsInvalidUTF8Text_likeDecoding() throws {
        let (path, log) = try F.makeLog([F.draft(), F.draft(consentID: "c_2", source: "AAAA")]) { i, line in
            i == 1 ? F.replacing("AAAA", with: [0xFF, 0x41, 0x41, 0x41], in: line) : line
        }
        defer { log.close(); try? FileManager.default.removeItem(atPath: path) }
        let csv = try ExportQuery(request: ServiceFixtures.request(.GET, "/v1/consents?format=csv"))
        #expect(throws: LogError.self) { try ExportPage.read(from: log, query: csv, cursors: ExportCursorCache()) }
        #expect(throws: LogError.self) { try log.readRecords(after: 0, maxRecords: 10) }
        let ndjson = try ExportQuery(request: ServiceFixtures.request(.GET, "/v1/consents?format=ndjson"))
        #expect(try ExportPage.read(from: log, query: ndjson, cursors: ExportCursorCache()).lines.count == 2)
    }

    static let receipts = ReceiptRenderer(jurisdiction: nil, controller: nil, policyURL: nil,
                                          catalogue: Catalogue(categories: [], cookies: []))
}
