/// Counters of the open log.
public struct LogStats: Sendable, Hashable {
    /// Records present (after retention).
    public var records: Int
    public var segments: Int
    public var visitors: Int
    /// Hex hash of the newest line (genesis / anchor value when empty).
    public var headHash: String
    /// Sequence of the newest record (0 when none was ever written).
    public var lastSequence: UInt64
    /// Appends completed successfully since open.
    public var appended: Int
    /// Batches written (write + sync) since open; `appended / batches` is the group-commit factor.
    public var batches: Int
}
