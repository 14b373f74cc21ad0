import ConsentDomain
import HTTPLite

/// The validated query of `GET /v1/consents`; any bad value is a 400 naming the parameter.
struct ExportQuery: Sendable, Equatable {
    /// Most records per page: 1,000 (the `limit` maximum). Default 100.
    static let limitRange = 1...1_000
    static let defaultLimit = 100

    var range: TimeRangeQuery
    var visitor: VisitorID?
    /// Only records with a greater sequence number (0 = from the first).
    var after: UInt64 = 0
    var limit = ExportQuery.defaultLimit
    var format = ExportFormat.json

    /// - Throws: `APIError.badRequest` for a bad time, `from` after `to`, an unknown format, a limit
    ///   outside 1…1000, an `after` outside 0…2^63−1 or a malformed visitor id.
    init(request: HTTPRequest) throws(APIError) {
        range = try TimeRangeQuery(request: request)
        if let text = request.queryValue("visitorId") {
            guard let visitor = VisitorID(rawValue: text) else {
                throw .badRequest(parameter: "visitorId", reason: "must be 8–64 characters of [A-Za-z0-9_-]")
            }
            self.visitor = visitor
        }
        if let text = request.queryValue("after") {
            guard let value = Self.decimal(text), value <= UInt64(Int64.max) else {
                throw .badRequest(parameter: "after", reason: "must be an integer from 0 to 9223372036854775807")
            }
            after = value
        }
        if let text = request.queryValue("limit") {
            guard let value = Self.decimal(text), value <= UInt64(Self.limitRange.upperBound),
                  Self.limitRange.contains(Int(value)) else {
                throw .badRequest(parameter: "limit", reason: "must be an integer from 1 to 1000")
            }
            limit = Int(value)
        }
        if let text = request.queryValue("format") {
            guard let format = ExportFormat(rawValue: text) else {
                throw .badRequest(parameter: "format", reason: "must be one of json, ndjson, csv, receipt")
            }
            self.format = format
        }
    }

    /// 1–19 ASCII digits as an unsigned number; `nil` for anything else (signs, spaces, empty).
    static func decimal(_ text: String) -> UInt64? {
        guard (1...19).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return UInt64(text)
    }

    /// The query string of the page after `cursor`, for the `Link` header (values percent-encoded).
    func nextQuery(after cursor: UInt64) -> String {
        var parts: [(String, String)] = []
        if let from = range.fromText { parts.append(("from", from)) }
        if let to = range.toText { parts.append(("to", to)) }
        if let visitor { parts.append(("visitorId", visitor.rawValue)) }
        parts.append(("after", String(cursor)))
        parts.append(("limit", String(limit)))
        parts.append(("format", format.rawValue))
        return parts.map { $0.0 + "=" + Self.percentEncoded($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (so `+` and `:` survive a round trip).
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The `from` (inclusive) and `to` (exclusive) query parameters shared by exports and statistics.
struct TimeRangeQuery: Sendable, Equatable {
    var from: TimeBound?
    var to: TimeBound?
    /// The values as received (for the `Link` header).
    var fromText: String?
    var toText: String?

    /// - Throws: `APIError.badRequest` naming `from` or `to` for a bad time, or `to` when it is before `from`.
    init(request: HTTPRequest) throws(APIError) {
        if let text = request.queryValue("from") {
            guard let bound = TimeBound(text) else {
                throw .badRequest(parameter: "from", reason: "must be an RFC 3339 date-time or a full date")
            }
            from = bound
            fromText = text
        }
        if let text = request.queryValue("to") {
            guard let bound = TimeBound(text) else {
                throw .badRequest(parameter: "to", reason: "must be an RFC 3339 date-time or a full date")
            }
            to = bound
            toText = text
        }
        if let from, let to, to.milliseconds < from.milliseconds {
            throw .badRequest(parameter: "to", reason: "must not be before from")
        }
    }

    /// Whether a record time (ms since the epoch) lies in `[from, to)`.
    func contains(milliseconds: Int64) -> Bool {
        if let from, milliseconds < from.milliseconds { return false }
        if let to, milliseconds >= to.milliseconds { return false }
        return true
    }
}
