import Synchronization

/// What a scan calls for each accepted record: segment index and name, the line, and what
/// checking it produced.
typealias Record = (Int, String, SegmentLine, CheckedLine) throws(LogError) -> Void

/// One line as the parallel check left it: parsed fields, hash and, for replay, index keys.
struct CheckedLine {
    var parsed: ParsedLine
    var hash: ChainHash
    /// Set when the scan was asked for them and they could be worked out.
    var keys: IndexKeys?
}

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
    var outcomes: [Result<CheckedLine, LineParseError>] = []
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
                guard case .success(let checked) = outcomes[k] else { return }
                let span = spans[k]
                let line = SegmentLine(offset: span.offset, bytes: UnsafeBufferPointer(rebasing: all[span.start..<(span.start + span.count)]),
                                       isTerminated: span.isTerminated, isLast: span.isLast)
                try onRecord(segmentIndex, segmentName, line, checked)
            }
        }
    }
}

/// The parse-and-hash work of one batch in pieces that any thread may take.
final class CheckJob: Sendable {
    let batch: CheckedBatch
    let pieces: Int
    /// Whether to work out each line's `IndexKeys` (replay) too.
    let withIndexKeys: Bool
    private let next = Atomic<Int>(0)
    private let parts: Mutex<[[Result<CheckedLine, LineParseError>]]>

    init(batch: CheckedBatch, pieces: Int, withIndexKeys: Bool) {
        self.batch = batch
        self.pieces = pieces
        self.withIndexKeys = withIndexKeys
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
                                     isTerminated: span.isTerminated, withIndexKeys: withIndexKeys)
                }
            }
            parts.withLock { $0[piece] = results }
        }
    }

    /// Every line's outcome, in order (once all pieces are done).
    var results: [Result<CheckedLine, LineParseError>] { parts.withLock { $0.flatMap { $0 } } }
}
