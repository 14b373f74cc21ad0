import Synchronization

/// What a scan calls for each accepted record: segment index and name, the line, its
/// parsed fields and its hash.
typealias Record = (Int, String, SegmentLine, ParsedLine, ChainHash) throws(LogError) -> Void

/// One reader batch copied into owned memory (so other threads can read it after the
/// reader's buffer moves on), with its parse results once checked.
struct CheckedBatch {
    struct Span {
        /// Offset of the line in the segment.
        var offset: Int
        /// Offset of the line in `bytes`.
        var start: Int
        var count: Int
        var isTerminated: Bool
        var isLast: Bool
    }
    var segmentIndex: Int
    var segmentName: String
    var bytes: [UInt8]
    var spans: [Span]
    var outcomes: [Result<(ParsedLine, ChainHash), LineParseError>] = []
    /// The leading lines that passed every check.
    var acceptedCount = 0

    init(copying lines: [SegmentLine], segmentIndex: Int, segmentName: String) {
        self.segmentIndex = segmentIndex
        self.segmentName = segmentName
        guard let first = lines.first, let last = lines.last, let start = first.bytes.baseAddress else {
            bytes = []
            spans = lines.map { Span(offset: $0.offset, start: 0, count: 0, isTerminated: $0.isTerminated, isLast: $0.isLast) }
            return
        }
        bytes = Array(UnsafeBufferPointer(start: start, count: last.offset + last.bytes.count - first.offset))
        spans = lines.map {
            Span(offset: $0.offset, start: $0.offset - first.offset, count: $0.bytes.count, isTerminated: $0.isTerminated, isLast: $0.isLast)
        }
    }

    /// Calls `onRecord` for the first `count` lines, whose outcomes must be successes.
    func index(upTo count: Int, onRecord: Record) throws(LogError) {
        guard count > 0 else { return }
        try bytes.withUnsafeBufferPointer { (all) throws(LogError) in
            for k in 0..<count {
                guard case .success(let (parsed, hash)) = outcomes[k] else { return }
                let span = spans[k]
                let line = SegmentLine(offset: span.offset, bytes: UnsafeBufferPointer(rebasing: all[span.start..<(span.start + span.count)]),
                                       isTerminated: span.isTerminated, isLast: span.isLast)
                try onRecord(segmentIndex, segmentName, line, parsed, hash)
            }
        }
    }
}

/// The parse-and-hash work of one batch in pieces that any thread may take.
final class CheckJob: Sendable {
    let batch: CheckedBatch
    let pieces: Int
    private let next = Atomic<Int>(0)
    private let parts: Mutex<[[Result<(ParsedLine, ChainHash), LineParseError>]]>

    init(batch: CheckedBatch, pieces: Int) {
        self.batch = batch
        self.pieces = pieces
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
                                     isTerminated: span.isTerminated)
                }
            }
            parts.withLock { $0[piece] = results }
        }
    }

    /// Every line's outcome, in order (once all pieces are done).
    var results: [Result<(ParsedLine, ChainHash), LineParseError>] { parts.withLock { $0.flatMap { $0 } } }
}
