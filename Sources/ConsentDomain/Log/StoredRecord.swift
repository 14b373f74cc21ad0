/// A record read back from the log, with the evidence an auditor needs.
public struct StoredRecord: Sendable, Hashable {
    public var record: ConsentRecord
    /// Hex SHA-256 of this record's line (newline excluded): the next record's `prev`.
    public var hash: String
    /// The exact line bytes as stored, newline excluded (what `hash` covers).
    public var line: [UInt8]

    public init(record: ConsentRecord, hash: String, line: [UInt8]) {
        self.record = record
        self.hash = hash
        self.line = line
    }
}
