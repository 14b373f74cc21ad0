/// Where a bulk read of the log stopped, so the next read continues there instead of
/// re-reading its segment from the start (exports page through a million records this way).
public struct LogReadPosition: Sendable, Hashable {
    /// The last sequence number examined: the next read returns only records after it.
    public let sequence: UInt64
    /// The segment file the next line lives in.
    let segment: String
    /// Byte offset of the next line in `segment`.
    let offset: Int
}

/// One bounded slice of a bulk read.
public struct LogReadBatch: Sendable {
    /// The matching records, in sequence order.
    public var records: [StoredRecord]
    /// Where to continue, or `nil` when the durable end of the log (or the `to` bound) was reached.
    public var resume: LogReadPosition?
}

/// One record line as stored, with its hash, not decoded (see `ConsentLog.readLines`).
public struct LogLine: Sendable {
    public let sequence: UInt64
    /// `recordedAt` in milliseconds since the epoch.
    public let timeMilliseconds: Int64
    /// The exact line bytes, newline excluded (canonical JSON, see `RecordLineEncoder`).
    public let line: [UInt8]
    let hash: ChainHash
    /// Where each field sits in `line`, from the read's own parse (a renderer need not parse again).
    public let fields: RecordLineFields

    init(parsed: ParsedLine, line: [UInt8], hash: ChainHash) {
        sequence = parsed.sequence
        timeMilliseconds = parsed.timeMilliseconds
        self.line = line
        self.hash = hash
        fields = RecordLineFields(parsed: parsed, lineCount: line.count)
    }

    /// Appends the 64 lower-case hex digits of the line's SHA-256.
    public func appendHashHex(to out: inout [UInt8]) { hash.appendHex(to: &out) }
}

/// One bounded slice of `ConsentLog.readLines`.
public struct LogLineBatch: Sendable {
    public var lines: [LogLine]
    /// Where to continue, or `nil` when the durable end of the log (or the `to` bound) was reached.
    public var resume: LogReadPosition?
}

/// What statistics need of one record (see `ConsentLog.readSummaries`).
public struct LogRecordSummary: Sendable, Hashable {
    public let sequence: UInt64
    /// `recordedAt` in milliseconds since the epoch.
    public let timeMilliseconds: Int64
    public let action: ConsentAction
    public let choices: ConsentChoices
    public let gpcApplied: Bool
}

/// One bounded slice of `ConsentLog.readSummaries`.
public struct LogSummaryBatch: Sendable {
    public var summaries: [LogRecordSummary]
    /// Where to continue, or `nil` when the durable end of the log (or the `to` bound) was reached.
    public var resume: LogReadPosition?
}
