/// What `ConsentLog.open` found and did, for the service to log.
public struct ReplayReport: Sendable, Hashable {
    public var records: Int
    public var segments: Int
    public var visitors: Int
    public var lastSequence: UInt64
    public var headHash: String
    /// The cut-off torn last line, with the path of its side file.
    public var tornTail: TornTail?
    /// Segments deleted by the retention sweep at open (and superseded leftovers).
    public var deletedSegments: [String]
    /// First sequence verification started from when a retention anchor exists.
    public var anchorSequence: UInt64?
}
