/// Segment file names: `segment-<first sequence, 20 digits>.log`, so that names sort in
/// sequence order.
enum SegmentName {
    /// The name of the segment whose first record has sequence `first`.
    static func make(first: UInt64) -> String {
        let digits = String(first)
        return "segment-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".log"
    }

    /// The first sequence encoded in `name`, or `nil` when `name` is not a segment name.
    static func firstSequence(of name: String) -> UInt64? {
        let bytes = Array(name.utf8)
        guard bytes.count == 32, name.hasPrefix("segment-"), name.hasSuffix(".log") else { return nil }
        var v: UInt64 = 0
        for b in bytes[8..<28] {
            guard b &- 0x30 < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
            guard !o1, !o2 else { return nil }
            v = s
        }
        return v
    }
}
