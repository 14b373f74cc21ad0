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
