import ConsentDomain

/// One page of `GET /v1/consents`: at most `limit` records after the cursor, and the cursor of
/// the next page when at least one more record matches. A page holds at most 1,000 records
/// (the `limit` maximum), so its memory is bounded whatever the size of the log.
struct ExportPage: Sendable {
    /// Decoded records (receipts, one visitor's records).
    var records: [StoredRecord]
    /// Undecoded lines with their hashes (JSON, NDJSON and CSV of the whole log: the line already is the
    /// JSON, and CSV cells are rendered from its bytes; for CSV their text was checked as decoding would).
    var lines: [LogLine] = []
    /// The sequence number to pass as `after` for the next page; `nil` on the last page.
    var next: UInt64?

    /// Line bytes examined per log read: 4 MiB (keeps a filtered scan from holding the log long).
    static let readBudgetBytes = 4 << 20

    /// Reads the page described by `query`.
    /// - Throws: `LogError` when the log cannot be read.
    static func read(from log: ConsentLog, query: ExportQuery, cursors: ExportCursorCache) throws(LogError) -> ExportPage {
        if let visitor = query.visitor { return try visitorPage(log.history(for: visitor), query: query) }
        let from = query.range.from?.milliseconds
        let to = query.range.to?.milliseconds
        var page = ExportPage(records: [], next: nil)
        let decodes = query.format == .receipt
        var count = 0
        var after = query.after
        var position = cursors.position(after: after)
        while count < query.limit {
            let resume: LogReadPosition?
            if decodes {
                let batch = try log.readRecords(after: after, resumingAt: position, fromMilliseconds: from, toMilliseconds: to,
                                                maxRecords: query.limit - count, maxBytes: readBudgetBytes)
                page.records += batch.records
                count += batch.records.count
                resume = batch.resume
            } else {
                let batch = try log.readLines(after: after, resumingAt: position, fromMilliseconds: from, toMilliseconds: to,
                                              maxRecords: query.limit - count, maxBytes: readBudgetBytes,
                                              checkingText: query.format == .csv)
                page.lines += batch.lines
                count += batch.lines.count
                resume = batch.resume
            }
            guard let resume else { return page }
            after = resume.sequence
            position = resume
        }
        // The page is full: it has a successor only if one more record matches.
        guard let last = page.records.last?.record.sequence ?? page.lines.last?.sequence else { return page }
        if let position, position.sequence == last { cursors.remember(position) }
        while true {
            let peek = try log.readLines(after: after, resumingAt: position, fromMilliseconds: from, toMilliseconds: to,
                                         maxRecords: 1, maxBytes: readBudgetBytes)
            if !peek.lines.isEmpty {
                page.next = last
                return page
            }
            guard let resume = peek.resume else { return page }
            after = resume.sequence
            position = resume
        }
    }

    /// The page of one visitor's records (from the index: no scan of the whole log).
    static func visitorPage(_ history: [StoredRecord], query: ExportQuery) -> ExportPage {
        let matching = history.lazy.filter {
            $0.record.sequence > query.after
                && query.range.contains(milliseconds: Int64(($0.record.recordedAt.timeIntervalSince1970 * 1_000).rounded()))
        }
        let records = Array(matching.prefix(query.limit))
        let hasMore = matching.dropFirst(query.limit).first != nil
        return ExportPage(records: records, next: hasMore ? records.last?.record.sequence : nil)
    }
}
