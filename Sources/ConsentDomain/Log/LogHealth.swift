/// Whether the log accepts appends.
public enum LogHealth: Sendable, Hashable {
    case writable
    /// A write or sync failed (or the log was closed); appends are refused, reads still work.
    case failed(reason: String)

    public var isWritable: Bool { self == .writable }
}
