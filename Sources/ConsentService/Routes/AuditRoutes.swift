import ConsentDomain
import HTTPLite

/// The auditor API (registered with `.auditor` access: `RouteTable` requires the bearer token
/// and adds no CORS headers):
/// - `GET /v1/visitors/{visitorId}/history`: every record of the visitor, oldest first, with hashes;
/// - `GET /v1/consents`: export, cursor-paged, streamed in ~64 KiB chunks (json, ndjson, csv, receipt);
/// - `GET /v1/stats`: per UTC day and optional category, recorded/granted/refused/withdrawn/gpcApplied;
/// - `GET /v1/audit/verify`: the offline chain check of the data directory (the CLI's `verify` report).
/// Every handler reads the log off the event loop (`.deferred`). Bad parameters answer 400 naming them.
enum AuditRoutes {
    /// Bytes handed to the connection per write when streaming an export: 64 KiB.
    static let streamChunkBytes = 64 * 1_024
    /// Auditor answers are about individuals: never stored by caches.
    static let noStore: HTTPHeaders = ["Cache-Control": "no-store"]

    static func register(on router: inout Router, context: ServiceContext) {
        let log = context.log
        let logger = context.logger
        let cursors = ExportCursorCache()
        let receipts = ReceiptRenderer(jurisdiction: context.configuration.jurisdiction,
                                       controller: context.configuration.controller,
                                       policyURL: context.configuration.policyURL, catalogue: context.catalogue)
        let dataDirectory = context.configuration.dataDirectory

        router.add(.GET, "/v1/visitors/{visitorId}/history", RouteHandler.deferred(logger: logger) { request in
            guard let text = request.pathParameters["visitorId"], let visitor = VisitorID(rawValue: text) else {
                throw APIError.badRequest(parameter: "visitorId", reason: "must be 8–64 characters of [A-Za-z0-9_-]")
            }
            let records = try readLog(logger: logger) { () throws(LogError) in try log.history(for: visitor) }
            return .json(HistoryRecordWire.response(visitor: visitor, records: records), headers: noStore)
        })

        router.add(.GET, "/v1/consents", RouteHandler.deferred(logger: logger) { request in
            let query = try ExportQuery(request: request)
            let page = try readLog(logger: logger) { () throws(LogError) in
                try ExportPage.read(from: log, query: query, cursors: cursors)
            }
            return response(for: page, query: query, receipts: receipts)
        })

        router.add(.GET, "/v1/stats", RouteHandler.deferred(logger: logger) { request in
            let range = try TimeRangeQuery(request: request)
            let stats = try readLog(logger: logger) { () throws(LogError) in try dailyStats(log: log, range: range) }
            return .json(stats.json(range: range), headers: noStore)
        })

        router.add(.GET, "/v1/audit/verify", RouteHandler.deferred(logger: logger) { _ in
            let report = LogVerifier.verify(directory: dataDirectory)
            return .json(AuditVerifyWire.json(report), headers: noStore)
        })
    }

    /// The streamed page: headers now (with `Link` when more remain), then the body in ~64 KiB writes.
    static func response(for page: ExportPage, query: ExportQuery, receipts: ReceiptRenderer) -> HTTPResponse {
        var headers = noStore
        headers.set("Content-Type", query.format.contentType)
        if let next = page.next {
            // RFC 8288 §3: a relative reference, resolved against the request URI.
            headers.set("Link", "</v1/consents?\(query.nextQuery(after: next))>; rel=\"next\"")
        }
        let records = page.records
        let lines = page.lines
        let next = page.next
        let format = query.format
        return HTTPResponse(status: .ok, headers: headers, body: .stream { writer in
            var renderer = ExportRenderer(format: format, receipts: receipts)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(streamChunkBytes + 16 * 1_024)
            renderer.begin(into: &buffer)
            for stored in records {
                renderer.append(stored, into: &buffer)
                if buffer.count >= streamChunkBytes {
                    try await writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            for line in lines {
                renderer.append(line, into: &buffer)
                if buffer.count >= streamChunkBytes {
                    try await writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            renderer.end(next: next, into: &buffer)
            if !buffer.isEmpty { try await writer.write(buffer) }
        })
    }

    /// Statistics over `[from, to)`, read in bounded batches.
    static func dailyStats(log: ConsentLog, range: TimeRangeQuery) throws(LogError) -> DailyStats {
        var stats = DailyStats()
        var after: UInt64 = 0
        var position: LogReadPosition?
        while true {
            let batch = try log.readSummaries(after: after, resumingAt: position, fromMilliseconds: range.from?.milliseconds,
                                              toMilliseconds: range.to?.milliseconds, maxRecords: 65_536,
                                              maxBytes: ExportPage.readBudgetBytes)
            for summary in batch.summaries { stats.add(summary) }
            guard let resume = batch.resume else { return stats }
            after = resume.sequence
            position = resume
        }
    }

    /// Runs a log read; a failure is logged (without paths or record content) and answers 503 `log-unavailable`.
    static func readLog<T>(logger: Logger, _ body: () throws(LogError) -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch {
            logger.error("consent log read failed", metadata: ["error.kind": error.kindName])
            throw .logUnavailable(reason: "the consent log cannot be read")
        }
    }
}

extension LogError {
    /// The case name only, for logs (the payload may hold paths).
    fileprivate var kindName: String {
        switch self {
        case .io: "io"
        case .corrupt: "corrupt"
        case .unavailable: "unavailable"
        case .recordTooLarge: "recordTooLarge"
        }
    }
}
