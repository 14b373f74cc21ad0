import Synchronization

/// What a scan calls for each accepted record: segment index and name, the line, its
/// parsed fields and its hash.
typealias Record = (Int, String, SegmentLine, ParsedLine, ChainHash) throws(LogError) -> Void

/// What checking one line gives: its parsed fields and hash, or why it was not accepted.
typealias LineOutcome = Result<(ParsedLine, ChainHash), LineParseError>

/// One reader batch in owned memory (the reader's buffer, shared rather than copied, so
/// other threads can read it after the reader moves on to its other buffer), with its parse
/// results once checked.
struct CheckedBatch {
    typealias Span = LineSpan
    var segmentIndex: Int
    var segmentName: String
    var bytes: [UInt8]
    var spans: [Span]
    /// The lines' outcomes in order, in the pieces they were checked in (not flattened:
    /// that would copy every parsed line once more).
    var outcomes: [[LineOutcome]] = []
    /// The leading lines that passed every check.
    var acceptedCount = 0

    init(bytes: [UInt8], spans: [Span], segmentIndex: Int, segmentName: String) {
        self.segmentIndex = segmentIndex
        self.segmentName = segmentName
        self.bytes = bytes
        self.spans = spans
    }

    /// Calls `onRecord` for the first `count` lines, whose outcomes must be successes.
    func index(upTo count: Int, onRecord: Record) throws(LogError) {
        guard count > 0 else { return }
        try bytes.withUnsafeBufferPointer { (all) throws(LogError) in
            var k = 0
            for part in outcomes {
                for outcome in part {
                    guard k < count, case .success(let (parsed, hash)) = outcome else { return }
                    let span = spans[k]
                    let line = SegmentLine(offset: span.offset, bytes: UnsafeBufferPointer(rebasing: all[span.start..<(span.start + span.count)]),
                                           isTerminated: span.isTerminated, isLast: span.isLast)
                    try onRecord(segmentIndex, segmentName, line, parsed, hash)
                    k += 1
                }
            }
        }
    }
}

/// The parse-and-hash work of one batch in pieces that any thread may take.
final class CheckJob: Sendable {
    let batch: CheckedBatch
    let pieces: Int
    /// Work out each line's index keys too (replay); the offline verifier needs none.
    let indexKeys: Bool
    private let next = Atomic<Int>(0)
    private let parts: Mutex<[[LineOutcome]]>

    init(batch: CheckedBatch, pieces: Int, indexKeys: Bool) {
        self.batch = batch
        self.pieces = pieces
        self.indexKeys = indexKeys
        parts = Mutex(Array(repeating: [], count: pieces))
    }

    /// Takes and runs pieces until none is left.
    func work() {
        let count = batch.spans.count
        while true {
            let piece = next.add(1, ordering: .relaxed).oldValue
            guard piece < pieces else { return }
            let range = (count * piece / pieces)..<(count * (piece + 1) / pieces)
            let results = batch.bytes.withUnsafeBufferPointer { all in
                batch.spans[range].map { span in
                    LogScanner.check(UnsafeBufferPointer(rebasing: all[span.start..<(span.start + span.count)]),
                                     isTerminated: span.isTerminated, indexKeys: indexKeys)
                }
            }
            parts.withLock { $0[piece] = results }
        }
    }

    /// Every line's outcome, in order, piece by piece (once all pieces are done).
    var results: [[LineOutcome]] { parts.withLock { $0 } }
}
