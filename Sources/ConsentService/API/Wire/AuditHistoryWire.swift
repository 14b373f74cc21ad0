import ConsentDomain

/// `HistoryRecord` and `HistoryResponse` (`GET /v1/visitors/{id}/history`): each record is its log
/// line's fields plus `"hash"`, the SHA-256 of that line.
enum HistoryRecordWire {
    /// `{"visitorId":…,"records":[HistoryRecord…]}`, oldest first.
    static func response(visitor: VisitorID, records: [StoredRecord]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + records.reduce(0) { $0 + $1.line.count + 80 })
        var json = JSONWriter()
        json.beginObject()
        json.member("visitorId", visitor.rawValue)
        json.key("records")
        out.append(contentsOf: json.bytes)
        out.append(UInt8(ascii: "["))
        for (i, stored) in records.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            ExportRenderer.appendHistoryRecord(stored, into: &out)
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// Writes one record field by field (used when a line is not in canonical form).
    static func write(_ stored: StoredRecord, into json: inout JSONWriter) {
        let record = stored.record
        json.beginObject()
        json.key("seq"); json.number(record.sequence)
        json.member("time", ExportRenderer.timeText(of: stored))
        json.member("consentId", record.consentID)
        json.member("visitorId", record.visitorID.rawValue)
        json.member("action", record.action.rawValue)
        json.key("choices")
        json.beginObject()
        json.member("functionality", record.choices.functionality)
        json.member("analytics", record.choices.analytics)
        json.member("targeting", record.choices.targeting)
        json.endObject()
        json.member("catalogueVersion", record.draft.catalogueVersion)
        json.key("categoryVersions")
        json.beginObject()
        for category in CookieCategory.allCases {
            if let version = record.draft.categoryVersions[category] { json.member(category.rawValue, version) }
        }
        json.endObject()
        json.key("gpc"); json.string(record.draft.gpcHeader)
        json.member("gpcApplied", record.draft.gpcApplied)
        json.key("source"); json.string(record.draft.source)
        json.key("locale"); json.string(record.draft.locale)
        json.key("noticeVersion"); json.string(record.draft.noticeVersion)
        json.member("prev", record.prev)
        json.member("hash", stored.hash)
        json.endObject()
    }
}
