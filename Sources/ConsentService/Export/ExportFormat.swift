/// The `format` of `GET /v1/consents`.
enum ExportFormat: String, Sendable, CaseIterable {
    /// `{"records":[HistoryRecord…],"next":"<seq>"|null}`.
    case json
    /// One `HistoryRecord` JSON object per line.
    case ndjson
    /// RFC 4180 with a header row; text cells guarded against formula injection.
    case csv
    /// `{"receipts":[ConsentReceipt…],"next":…}` (Kantara Consent Receipt v1.1 style).
    case receipt

    /// The `Content-Type` of the body.
    var contentType: String {
        switch self {
        case .json, .receipt: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8; header=present"
        }
    }
}
