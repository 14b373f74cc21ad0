import ConsentDomain
import Foundation
import HTTPLite
import Testing
@testable import ConsentService

@Suite struct AuditRoutesTests {
    // MARK: - History

    /// History lists the visitor's records oldest first, each with the SHA-256 of its line and a chained `prev`.
    @Test func history_listsRecordsOldestFirst_withChainedHashes() async throws {
        let bed = AuditTestBed()
        try await bed.append(visitor: "visitor-0001", choices: .all)
        try await bed.append(visitor: "visitor-0002")
        try await bed.append(visitor: "visitor-0001", choices: .essentialOnly, action: .withdraw)
        let response = await bed.get("/v1/visitors/visitor-0001/history")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        let object = try await AuditTestBed.object(response)
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(object["visitorId"] as? String == "visitor-0001")
        #expect(records.map { $0["seq"] as? Int } == [1, 3])
        #expect(records.map { $0["action"] as? String } == ["grant", "withdraw"])
        let all = try await AuditTestBed.object(await bed.get("/v1/consents"))
        let everything = try #require(all["records"] as? [[String: Any]])
        #expect(everything[2]["prev"] as? String == everything[1]["hash"] as? String)
        #expect(records[1]["hash"] as? String == everything[2]["hash"] as? String)
    }

    /// Each record's `hash` is the SHA-256 of the stored line, which is the record without `hash`.
    @Test func history_hashCoversTheStoredLine() async throws {
        let bed = AuditTestBed()
        try await bed.append()
        let text = try await AuditTestBed.text(await bed.get("/v1/visitors/visitor-0001/history"))
        let record = try #require(text.range(of: #"{"seq""#).map { String(text[$0.lowerBound...].dropLast(2)) })
        let hashRange = try #require(record.range(of: #","hash":""#))
        let line = String(record[..<hashRange.lowerBound]) + "}"
        let hash = String(record[hashRange.upperBound...].dropLast(2))
        #expect(SHA256.hash(Array(line.utf8)).map { String(format: "%02x", $0) }.joined() == hash)
    }

    /// A visitor who never recorded anything has an empty history (200, not 404).
    @Test func history_unknownVisitor_isEmpty() async throws {
        let bed = AuditTestBed()
        let response = await bed.get("/v1/visitors/visitor-9999/history")
        #expect(response.status == .ok)
        #expect(try await AuditTestBed.text(response) == #"{"visitorId":"visitor-9999","records":[]}"#)
    }

    /// A malformed visitor id answers 400 naming `visitorId`.
    @Test func history_badVisitorID_is400() async throws {
        let bed = AuditTestBed()
        let response = await bed.get("/v1/visitors/short/history")
        #expect(response.status == .badRequest)
        #expect(try await AuditTestBed.text(response).contains("visitorId"))
    }

    // MARK: - Export formats

    /// The JSON export is `{"records":[…],"next":null}` when everything fits in one page.
    @Test func export_json_isOnePage_withNullNext() async throws {
        let bed = AuditTestBed()
        for i in 0..<3 { try await bed.append(visitor: "visitor-000\(i)") }
        let response = await bed.get("/v1/consents?format=json")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Link"] == nil)
        let object = try await AuditTestBed.object(response)
        #expect((object["records"] as? [[String: Any]])?.count == 3)
        #expect(object["next"] is NSNull)
    }

    /// NDJSON has one complete record per line, with its hash.
    @Test func export_ndjson_isOneRecordPerLine() async throws {
        let bed = AuditTestBed()
        for i in 0..<4 { try await bed.append(visitor: "visitor-000\(i)") }
        let response = await bed.get("/v1/consents?format=ndjson")
        #expect(response.headers["Content-Type"] == "application/x-ndjson")
        let lines = try await AuditTestBed.text(response).split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0?["seq"] as? Int } == [1, 2, 3, 4])
        #expect(objects.allSatisfy { ($0?["hash"] as? String)?.count == 64 })
    }

    /// CSV has the documented header row, CRLF line ends and one row per record.
    @Test func export_csv_hasHeaderAndRows() async throws {
        let bed = AuditTestBed()
        try await bed.append(visitor: "visitor-0001", choices: ConsentChoices(functionality: true), gpcApplied: true)
        let response = await bed.get("/v1/consents?format=csv")
        #expect(response.headers["Content-Type"]?.hasPrefix("text/csv") == true)
        let rows = try await AuditTestBed.text(response).components(separatedBy: "\r\n")
        #expect(rows.count == 3 && rows[2].isEmpty)
        #expect(rows[0] == ExportRenderer.csvColumns)
        let cells = rows[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(cells.count == 16)
        #expect(Array(cells[0...8]) == ["1", "2026-11-18T11:06:40.000Z", "c_1", "visitor-0001", "grant", "true", "false", "false",
                                        "3f9a1c2e4b5d6e7f"])
        #expect(Array(cells[9...13]) == ["1", "true", "banner", "en-GB", ""])
    }

    /// A visitor id starting with `-` is guarded in CSV so a spreadsheet cannot read it as a formula.
    @Test func export_csv_guardsFormulaLikeCells() async throws {
        let bed = AuditTestBed()
        try await bed.append(visitor: "-cmd12345", source: "=HYPERLINK(\"x\",\"y\")", consentID: "@sum")
        let row = try await AuditTestBed.text(await bed.get("/v1/consents?format=csv")).components(separatedBy: "\r\n")[1]
        #expect(row.contains(",'@sum,'-cmd12345,"))
        #expect(row.contains(#","'=HYPERLINK(""x"",""y"")","#))
    }

    /// Receipts carry the configured controller, jurisdiction and policy URL, and one purpose per category.
    @Test func export_receipt_rendersKantaraStyleReceipts() async throws {
        let bed = AuditTestBed { configuration in
            configuration.controller = "Example Ltd"
            configuration.jurisdiction = "EU"
            configuration.policyURL = "https://example.com/privacy"
        }
        try await bed.append(choices: ConsentChoices(analytics: true))
        let object = try await AuditTestBed.object(await bed.get("/v1/consents?format=receipt"))
        let receipt = try #require((object["receipts"] as? [[String: Any]])?.first)
        #expect(receipt["version"] as? String == ReceiptRenderer.version)
        #expect(receipt["receiptId"] as? String == "c_1")
        #expect(receipt["timestamp"] as? Int == 1_795_000_000)
        #expect(receipt["jurisdiction"] as? String == "EU")
        #expect(receipt["policyUrl"] as? String == "https://example.com/privacy")
        #expect(receipt["collectionMethod"] as? String == "banner")
        #expect((receipt["piiControllers"] as? [[String: Any]])?.first?["piiController"] as? String == "Example Ltd")
        let purposes = try #require(((receipt["services"] as? [[String: Any]])?.first?["purposes"]) as? [[String: Any]])
        #expect(purposes.map { $0["consentGiven"] as? Bool } == [true, false, true, false])
        #expect(object["next"] is NSNull)
    }

    /// A page larger than the chunk size goes out in several writes of about 64 KiB, not one.
    @Test func export_streamsInChunks() async throws {
        let bed = AuditTestBed()
        for i in 0..<400 { try await bed.append(visitor: "visitor-\(10_000 + i)") }
        let response = await bed.get("/v1/consents?format=ndjson&limit=400")
        guard case .stream(let produce) = response.body else {
            Issue.record("export is not streamed")
            return
        }
        let writer = AuditTestBed.CollectingWriter()
        try await produce(writer)
        #expect(writer.writeSizes.count > 1)
        #expect(writer.writeSizes.dropLast().allSatisfy { $0 >= AuditRoutes.streamChunkBytes && $0 < AuditRoutes.streamChunkBytes + 1_024 })
        #expect(String(decoding: writer.bytes, as: UTF8.self).split(separator: "\n").count == 400)
    }

    // MARK: - Paging and filters

    /// Following `next` page by page returns every record exactly once, in order, and the last page has no `Link`.
    @Test func export_paging_returnsEveryRecordOnce() async throws {
        let bed = AuditTestBed()
        for i in 0..<23 { try await bed.append(visitor: "visitor-\(1_000 + i)") }
        var seen: [Int] = []
        var after = "0"
        var pages = 0
        while true {
            let response = await bed.get("/v1/consents?after=\(after)&limit=5")
            let object = try await AuditTestBed.object(response)
            seen += (object["records"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
            pages += 1
            guard let next = object["next"] as? String else {
                #expect(response.headers["Link"] == nil)
                break
            }
            #expect(response.headers["Link"] == "</v1/consents?after=\(next)&limit=5&format=json>; rel=\"next\"")
            after = next
            if pages > 10 { break }
        }
        #expect(seen == Array(1...23))
        #expect(pages == 5)
    }

    /// A cursor never handed out before (no remembered position) is located in the log: same records as paging gives.
    @Test func export_unseenCursor_acrossSegments_isLocated() async throws {
        let bed = AuditTestBed(segmentSize: 2_048)
        for i in 0..<30 { try await bed.append(visitor: "visitor-\(1_000 + i)") }
        let object = try await AuditTestBed.object(await bed.get("/v1/consents?after=17&limit=4"))
        #expect((object["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [18, 19, 20, 21])
        #expect(object["next"] as? String == "21")
    }

    /// A page that ends exactly at the last record has no `next`.
    @Test func export_exactlyFullLastPage_hasNoNext() async throws {
        let bed = AuditTestBed()
        for i in 0..<4 { try await bed.append(visitor: "visitor-\(1_000 + i)") }
        let object = try await AuditTestBed.object(await bed.get("/v1/consents?limit=4"))
        #expect((object["records"] as? [Any])?.count == 4)
        #expect(object["next"] is NSNull)
    }

    /// An export across segment rotations (tiny segments) pages through every record once, in order.
    @Test func export_acrossSegmentRotation_losesNothing() async throws {
        let bed = AuditTestBed(segmentSize: 2_048)
        for i in 0..<40 { try await bed.append(visitor: "visitor-\(1_000 + i)") }
        let segments = try FileManager.default.contentsOfDirectory(atPath: bed.directory).filter { $0.hasSuffix(".log") }
        #expect(segments.count > 3)
        var seen: [Int] = []
        var after = 0
        for _ in 0..<20 {
            let text = try await AuditTestBed.text(await bed.get("/v1/consents?after=\(after)&limit=7&format=ndjson"))
            let sequences = try text.split(separator: "\n").compactMap {
                (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? Int
            }
            guard let last = sequences.last else { break }
            seen += sequences
            after = last
        }
        #expect(seen == Array(1...40))
    }

    /// `from` (inclusive) and `to` (exclusive) select records by time; `Link` carries them on.
    @Test func export_timeRange_selectsRecords() async throws {
        let bed = AuditTestBed()
        for _ in 0..<6 {
            try await bed.append()
            bed.clock.advance(seconds: 3_600)
        }
        // Records at 11:06:40, 12:06:40, … on 2026-11-18.
        let response = await bed.get("/v1/consents?from=2026-11-18T12:06:40Z&to=2026-11-18T15:06:40.000%2B00:00&limit=2")
        let object = try await AuditTestBed.object(response)
        #expect((object["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [2, 3])
        #expect(object["next"] as? String == "3")
        #expect(response.headers["Link"] == "</v1/consents?from=2026-11-18T12%3A06%3A40Z&to=2026-11-18T15%3A06%3A40.000%2B00%3A00&after=3&limit=2&format=json>; rel=\"next\"")
        let second = try await AuditTestBed.object(await bed.get("/v1/consents?from=2026-11-18T12:06:40Z&to=2026-11-18T15:06:40Z&after=3&limit=2"))
        #expect((second["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [4])
        #expect(second["next"] is NSNull)
    }

    /// `visitorId` restricts the export to one visitor, still paged.
    @Test func export_visitorFilter_selectsOneVisitor() async throws {
        let bed = AuditTestBed()
        for i in 0..<9 { try await bed.append(visitor: i % 3 == 0 ? "visitor-aaaa" : "visitor-bbbb") }
        let object = try await AuditTestBed.object(await bed.get("/v1/consents?visitorId=visitor-aaaa&limit=2"))
        #expect((object["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [1, 4])
        #expect(object["next"] as? String == "4")
        let rest = try await AuditTestBed.object(await bed.get("/v1/consents?visitorId=visitor-aaaa&limit=2&after=4"))
        #expect((rest["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [7])
        #expect(rest["next"] is NSNull)
    }

    /// Bad parameters answer 400 problem+json naming the parameter.
    @Test(arguments: [
        ("from=yesterday", "from"), ("to=2026-13-01", "to"), ("from=2026-11-22T10:00:60Z", "from"),
        ("from=2026-11-22T10:00:00", "from"), ("from=2026-11-23&to=2026-11-22", "to"), ("format=xml", "format"),
        ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("limit=", "limit"), ("after=-1", "after"),
        ("after=9223372036854775808", "after"), ("after=1e3", "after"), ("visitorId=bad!", "visitorId"),
    ])
    func export_badParameter_is400(query: String, parameter: String) async throws {
        let bed = AuditTestBed()
        let response = await bed.get("/v1/consents?" + query)
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let object = try await AuditTestBed.object(response)
        #expect(object["type"] as? String == "https://consent-service.dev/problems/bad-request")
        #expect((object["detail"] as? String)?.hasPrefix(parameter + ":") == true)
    }

    // MARK: - Stats

    /// Stats count per UTC day and optional category: recorded, granted, refused, withdrawn, GPC applied.
    @Test func stats_countsPerDayAndCategory() async throws {
        let bed = AuditTestBed()
        try await bed.append(choices: ConsentChoices(functionality: true, analytics: true))
        try await bed.append(choices: ConsentChoices(analytics: true), gpcApplied: true)
        bed.clock.advance(seconds: 86_400)
        try await bed.append(choices: .essentialOnly, action: .withdraw)
        let object = try await AuditTestBed.object(await bed.get("/v1/stats"))
        let days = try #require(object["days"] as? [[String: Any]])
        #expect(days.map { $0["date"] as? String } == ["2026-11-18", "2026-11-19"])
        let first = try #require(days[0]["categories"] as? [String: [String: Int]])
        #expect(first["functionality"] == ["recorded": 2, "granted": 1, "refused": 1, "withdrawn": 0, "gpcApplied": 0])
        #expect(first["analytics"] == ["recorded": 2, "granted": 2, "refused": 0, "withdrawn": 0, "gpcApplied": 0])
        #expect(first["targeting"] == ["recorded": 2, "granted": 0, "refused": 2, "withdrawn": 0, "gpcApplied": 1])
        let second = try #require(days[1]["categories"] as? [String: [String: Int]])
        #expect(second["analytics"] == ["recorded": 0, "granted": 0, "refused": 0, "withdrawn": 1, "gpcApplied": 0])
        #expect(object["from"] is NSNull)
    }

    /// Stats honour `from`/`to` and echo them normalised.
    @Test func stats_timeRange_limitsDays() async throws {
        let bed = AuditTestBed()
        try await bed.append()
        bed.clock.advance(seconds: 86_400)
        try await bed.append()
        let object = try await AuditTestBed.object(await bed.get("/v1/stats?from=2026-11-19&to=2026-11-20"))
        #expect((object["days"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-11-19"])
        #expect(object["from"] as? String == "2026-11-19T00:00:00.000Z")
        #expect(object["to"] as? String == "2026-11-20T00:00:00.000Z")
    }

    /// Stats with a bad time or `from` after `to` answer 400.
    @Test(arguments: ["from=2026-02-30", "to=now", "from=2026-11-22&to=2026-11-21"])
    func stats_badRange_is400(query: String) async {
        let bed = AuditTestBed()
        #expect(await bed.get("/v1/stats?" + query).status == .badRequest)
    }

    // MARK: - Verify

    /// Verify reports an intact chain with the log's record count and head hash.
    @Test func verify_reportsIntactChain() async throws {
        let bed = AuditTestBed()
        for i in 0..<3 { try await bed.append(visitor: "visitor-000\(i)") }
        let object = try await AuditTestBed.object(await bed.get("/v1/audit/verify"))
        #expect(object["intact"] as? Bool == true)
        #expect(object["records"] as? Int == 3)
        #expect(object["headHash"] as? String == bed.log.stats.headHash)
        #expect(object["firstFault"] is NSNull)
    }

    /// Verify finds an altered record and names where.
    @Test func verify_findsTamperedRecord() async throws {
        let bed = AuditTestBed()
        try await bed.append(visitor: "visitor-0001", choices: ConsentChoices(analytics: false))
        try await bed.append(visitor: "visitor-0002")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: bed.directory).first { $0.hasSuffix(".log") })
        let path = bed.directory + "/" + name
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let tampered = original.replacingOccurrences(of: #""analytics":false"#, with: #""analytics":true "#)
        #expect(tampered != original)
        try tampered.write(toFile: path, atomically: false, encoding: .utf8)
        let object = try await AuditTestBed.object(await bed.get("/v1/audit/verify"))
        #expect(object["intact"] as? Bool == false)
        let fault = try #require(object["firstFault"] as? [String: Any])
        #expect(fault["segment"] as? String == name)
    }

    // MARK: - Access

    static let auditorTargets = ["/v1/visitors/visitor-0001/history", "/v1/consents", "/v1/consents?format=csv", "/v1/stats",
                                 "/v1/audit/verify"]

    /// Missing, wrong, prefix and other-scheme credentials answer 401 with a Bearer challenge on every auditor route.
    @Test(arguments: auditorTargets, [nil, "Bearer wrong-token-0123456789", "Bearer auditor-token",
                                       "Basic \(ServiceFixtures.auditorToken)", ServiceFixtures.auditorToken])
    func auditorRoutes_refuseBadCredentials(target: String, authorization: String?) async {
        let bed = AuditTestBed()
        let response = await bed.get(target, authorization: authorization)
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
    }

    /// The correct token is accepted, and no CORS header is sent even to a cross-origin caller.
    @Test(arguments: auditorTargets)
    func auditorRoutes_acceptToken_withoutCORS(target: String) async {
        let bed = AuditTestBed()
        let response = await bed.get(target, headers: ["Origin": "https://evil.example"])
        #expect(response.status == .ok)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// With no token configured, even a well-formed bearer is refused.
    @Test func auditorRoutes_withoutConfiguredTokens_refuse() async {
        let bed = AuditTestBed(tokens: [])
        #expect(await bed.get("/v1/consents").status == .unauthorized)
    }
}
