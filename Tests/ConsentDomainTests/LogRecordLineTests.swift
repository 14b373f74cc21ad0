import Foundation
import Testing
@testable import ConsentDomain

@Suite struct LogRecordLineTests {
    private func encode(_ draft: ConsentDraft, sequence: UInt64 = 7, time: Int64 = 1_790_000_000_123,
                        prev: ChainHash = .genesis) -> [UInt8] {
        var out: [UInt8] = []
        RecordLineEncoder.append(sequence: sequence, timeMilliseconds: time, draft: draft, prev: prev, to: &out)
        return out
    }

    private func parse(_ line: [UInt8]) throws(LineParseError) -> ConsentRecord {
        let outcome: Result<ConsentRecord, LineParseError> = line.withUnsafeBufferPointer { buffer in
            do throws(LineParseError) { return .success(try ParsedLine(buffer).makeRecord(line: buffer)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// The canonical line has a fixed key order, no spaces, nulls for absent values and genesis prev.
    @Test func writesCanonicalLine() {
        let draft = ConsentDraft.make(consentID: "c-1", source: nil)
        let expected = #"{"seq":7,"time":"2026-09-21T14:13:20.123Z","consentId":"c-1","visitorId":"visitor-0001","action":"grant","choices":{"functionality":true,"analytics":false,"targeting":false},"catalogueVersion":"cat-v1","categoryVersions":{"essential":"e1","functionality":"f1","analytics":"a1","targeting":"t1"},"gpc":null,"gpcApplied":false,"source":null,"locale":"de-DE","noticeVersion":"n-3","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#
        #expect(String(decoding: encode(draft), as: UTF8.self) == expected)
    }

    /// A memo reused across records with changing times and versions gives exactly the fresh encoding.
    @Test func memoisedEncoding_matchesFreshEncoding() {
        var memo = RecordLineEncoder.Memo()
        var other = ConsentDraft.make(consentID: "c-2", source: nil)
        other.catalogueVersion = "cat-v2"
        other.categoryVersions = [.essential: "e2", .targeting: "t\"2"]
        let steps: [(ConsentDraft, Int64)] = [(.make(consentID: "c-1"), 1_000), (.make(consentID: "c-3"), 1_000),
                                              (other, 1_000), (other, 2_500), (.make(consentID: "c-4"), 2_500)]
        for (i, (draft, time)) in steps.enumerated() {
            var memoised: [UInt8] = []
            RecordLineEncoder.append(sequence: UInt64(i + 1), timeMilliseconds: time, draft: draft, prev: .genesis,
                                     to: &memoised, memo: &memo)
            #expect(memoised == encode(draft, sequence: UInt64(i + 1), time: time))
        }
    }

    /// Every field survives encode → parse, including escapes, control bytes and non-ASCII text.
    @Test func roundTripsAllFields() throws {
        var draft = ConsentDraft.make(consentID: "id \"quoted\" \\ back\nslash", gpc: "1", source: "wid\u{1}get", locale: "zh-漢字-😀")
        draft.action = .withdraw
        draft.categoryVersions = [.analytics: "a\t2"]
        let prev = ChainHash(digest: SHA256.hash(Array("x".utf8)))
        let record = try parse(encode(draft, sequence: 42, prev: prev))
        #expect(record.draft == draft)
        #expect(record.sequence == 42)
        #expect(record.prev == prev.hex)
        #expect(LogTimestamp.milliseconds(record.recordedAt) == 1_790_000_000_123)
    }

    /// The encoder's output is valid JSON that Foundation reads to the same values.
    @Test func producesJSONFoundationAccepts() throws {
        let line = encode(.make(consentID: "q\"\\\u{7f}", gpc: "1"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["consentId"] as? String == "q\"\\\u{7f}")
        #expect(object["gpc"] as? String == "1")
        #expect((object["choices"] as? [String: Bool])?["functionality"] == true)
    }

    /// Reordered keys, whitespace, trailing bytes, bad hex and unknown categories are refused.
    @Test func rejectsNonCanonicalLines() {
        let good = String(decoding: encode(.make()), as: UTF8.self)
        let variants = [
            good.replacingOccurrences(of: #"{"seq":7,"#, with: #"{ "seq":7,"#),
            good + " ",
            good.replacingOccurrences(of: #""action":"grant""#, with: #""action":"maybe""#),
            good.replacingOccurrences(of: #""essential":"e1","#, with: #""functionality":"e1","#),
            good.replacingOccurrences(of: "\"prev\":\"00", with: "\"prev\":\"0G"),
            good.replacingOccurrences(of: #""seq":7"#, with: #""seq":07"#),
            good.replacingOccurrences(of: #""gpcApplied":false"#, with: #""gpcApplied":0"#),
            good.replacingOccurrences(of: #""visitorId":"visitor-0001""#, with: #""visitorId":"bad id!""#),
            String(good.dropLast(5)),
        ]
        for variant in variants {
            #expect(throws: LineParseError.self, "\(variant)") { try parse(Array(variant.utf8)) }
        }
    }
}
