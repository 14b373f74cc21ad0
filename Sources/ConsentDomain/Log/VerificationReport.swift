/// The first damage `LogVerifier` found.
public struct LogFault: Sendable, Hashable {
    public var segment: String
    /// Byte offset of the damaged line in `segment`.
    public var offset: Int
    public var reason: String
}

/// The result of an offline chain check.
public struct VerificationReport: Sendable, Hashable {
    /// Records checked (up to the first fault).
    public var records: Int
    public var segments: Int
    /// Hex hash of the last good line.
    public var headHash: String
    public var lastSequence: UInt64
    /// Where verification started after retention: the anchor, taken as given.
    public var anchor: RetentionAnchor?
    /// A torn last line (a crash mid-write; the next start cuts it off). Not a chain fault.
    public var tornTail: TornTail?
    public var firstFault: LogFault?
    /// True when every record holds: no fault (a torn tail is allowed).
    public var isIntact: Bool { firstFault == nil }
}
