/// Offline check of a log directory: the same rules as replay, without changing anything.
public enum LogVerifier {
    /// Verifies every segment of `directory`.
    /// - Parameter maxLineBytes: Longest acceptable line, in bytes. Default 16 KiB.
    /// - Returns: The report; `isIntact` is false when damage (or an unreadable directory) was found.
    public static func verify(directory: String, maxLineBytes: Int = 16 * 1024) -> VerificationReport {
        var records = 0
        let anchor = try? RetentionAnchor.load(directory: directory)
        var head = anchor?.prev ?? .genesis
        var last: UInt64 = (anchor?.firstSequence).map { $0 - 1 } ?? 0
        var segments = Set<Int>()
        do throws(LogError) {
            let result = try LogScanner.scan(directory: directory, maxLineBytes: maxLineBytes, indexKeys: false) { (segment, _, _, parsed, hash) throws(LogError) in
                records += 1
                head = hash
                last = parsed.sequence
                segments.insert(segment)
            }
            return VerificationReport(records: result.records, segments: result.segments.count, headHash: result.headHash.hex,
                                      lastSequence: result.lastSequence, anchor: result.anchor, tornTail: result.tornTail,
                                      firstFault: nil)
        } catch {
            let fault: LogFault
            switch error {
            case .corrupt(let segment, let offset, let reason): fault = LogFault(segment: segment, offset: offset, reason: reason)
            case .io, .unavailable, .recordTooLarge: fault = LogFault(segment: "", offset: 0, reason: error.description)
            }
            return VerificationReport(records: records, segments: segments.count, headHash: head.hex, lastSequence: last,
                                      anchor: anchor, tornTail: nil, firstFault: fault)
        }
    }
}
