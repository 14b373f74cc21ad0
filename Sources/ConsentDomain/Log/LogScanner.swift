import Foundation
import Synchronization

/// A partial or unparsable last line of the newest segment: what a crash mid-write leaves.
public struct TornTail: Sendable, Hashable {
    /// Segment file name.
    public var segment: String
    /// Byte offset where the torn line starts (the segment is cut back to this length).
    public var offset: Int
    /// Length of the torn bytes.
    public var byteCount: Int
    /// Why the line was not accepted.
    public var reason: String
    /// Path of the side file holding the torn bytes (`nil` when only verified, not cut).
    public var quarantinePath: String?
}

/// One segment as a scan found it.
struct ScannedSegment {
    var name: String
    var firstSequence: UInt64
    /// Bytes of whole, accepted records (the torn tail excluded).
    var validBytes: Int
    var recordCount: Int
    /// Time of the segment's newest record, ms since 1970 (`nil` when empty).
    var lastTimeMilliseconds: Int64?
    /// The `prev` its first record must carry (the hash of the line before).
    var prevOfFirst: ChainHash
}

/// What a scan of the whole directory found.
struct ScanResult {
    var records = 0
    var lastSequence: UInt64 = 0
    var headHash = ChainHash.genesis
    var firstSequence: UInt64 = 1
    var segments: [ScannedSegment] = []
    var tornTail: TornTail?
    /// Segments wholly before the retention anchor (left over by an interrupted sweep).
    var superseded: [String] = []
    var anchor: RetentionAnchor?
}

/// The checks shared by replay and offline verification: every segment, in order, line by
/// line, with contiguous sequences, segment names matching their first record, and each
/// `prev` equal to the hash of the line before (the anchor's `prev` after a retention sweep).
enum LogScanner {
    /// Segment files of `directory`, sorted by first sequence.
    static func segmentFiles(in directory: String) throws(LogError) -> [(name: String, first: UInt64)] {
        try LogFile.listDirectory(directory)
            .compactMap { name in SegmentName.firstSequence(of: name).map { (name, $0) } }
            .sorted { $0.first < $1.first }
    }

    /// Scans `directory`, calling `onRecord` for each accepted record with the segment
    /// index (into `ScanResult.segments`) and name, the line, its parsed fields and its hash.
    /// - Throws: `LogError.corrupt` for damage other than a torn tail, `LogError.io`, or
    ///   what `onRecord` throws.
    static func scan(directory: String, maxLineBytes: Int,
                     onRecord: (Int, String, SegmentLine, ParsedLine, ChainHash) throws(LogError) -> Void) throws(LogError) -> ScanResult {
        var result = ScanResult()
        let anchor = try RetentionAnchor.load(directory: directory)
        result.anchor = anchor
        var files = try segmentFiles(in: directory)
        if let anchor {
            // An interrupted sweep may have left segments that end before the anchor.
            while files.count > 1, files[1].first <= anchor.firstSequence {
                result.superseded.append(files.removeFirst().name)
            }
        }
        var expected = anchor?.firstSequence ?? 1
        var head = anchor?.prev ?? .genesis
        result.firstSequence = expected
        result.lastSequence = expected - 1
        result.headHash = head
        for (index, file) in files.enumerated() {
            let isNewest = index == files.count - 1
            guard file.first == expected else {
                throw .corrupt(segment: file.name, offset: 0,
                               reason: "sequence gap: segment starts at \(file.first), expected \(expected)")
            }
            var segment = ScannedSegment(name: file.name, firstSequence: file.first, validBytes: 0, recordCount: 0,
                                         lastTimeMilliseconds: nil, prevOfFirst: head)
            result.segments.append(segment)
            let reader = SegmentLineReader(path: directory + "/" + file.name, segment: file.name,
                                           maxLineBytes: maxLineBytes, limit: nil)
            var torn: TornTail?
            try reader.forEachBatch { (lines) throws(LogError) -> Bool in
                let checked = checkLines(lines)
                for (line, outcome) in zip(lines, checked) {
                    let parsed: ParsedLine
                    let hash: ChainHash
                    switch outcome {
                    case .success(let value):
                        (parsed, hash) = value
                    case .failure(let error):
                        if isNewest && line.isLast {
                            torn = TornTail(segment: file.name, offset: line.offset,
                                            byteCount: line.bytes.count + (line.isTerminated ? 1 : 0),
                                            reason: error.reason, quarantinePath: nil)
                            return false
                        }
                        throw .corrupt(segment: file.name, offset: line.offset,
                                       reason: "unreadable record: \(error.reason) (at line byte \(error.offset))")
                    }
                    guard parsed.sequence == expected else {
                        throw .corrupt(segment: file.name, offset: line.offset,
                                       reason: "sequence gap: found \(parsed.sequence), expected \(expected)")
                    }
                    guard parsed.prev == head else {
                        throw .corrupt(segment: file.name, offset: line.offset,
                                       reason: "broken chain: prev does not match the hash of the previous record")
                    }
                    try onRecord(index, file.name, line, parsed, hash)
                    head = hash
                    expected += 1
                    segment.validBytes = line.offset + line.bytes.count + 1
                    segment.recordCount += 1
                    segment.lastTimeMilliseconds = parsed.timeMilliseconds
                }
                return true
            }
            if segment.recordCount == 0 && !isNewest && torn == nil {
                throw .corrupt(segment: file.name, offset: 0, reason: "empty segment before the newest one")
            }
            result.segments[index] = segment
            result.records += segment.recordCount
            result.tornTail = torn
        }
        result.lastSequence = expected - 1
        result.headHash = head
        return result
    }

    /// Parses and hashes `lines`, split over two threads for large batches (hashing is most
    /// of replay's work); the order-dependent checks stay with the caller. The batch's bytes
    /// are copied once into an owned array so both threads can read them.
    private static func checkLines(_ lines: [SegmentLine]) -> [Result<(ParsedLine, ChainHash), LineParseError>] {
        guard lines.count >= 64, let first = lines.first, let last = lines.last, let start = first.bytes.baseAddress else {
            return lines.map { check($0.bytes, isTerminated: $0.isTerminated) }
        }
        let total = last.offset + last.bytes.count - first.offset
        let bytes = Array(UnsafeBufferPointer(start: start, count: total))
        let spans = lines.map { (start: $0.offset - first.offset, count: $0.bytes.count, isTerminated: $0.isTerminated) }
        let half = spans.count / 2
        let parts = Mutex<[[Result<(ParsedLine, ChainHash), LineParseError>]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let range = part == 0 ? 0..<half : half..<spans.count
            let results = bytes.withUnsafeBufferPointer { all in
                spans[range].map { span in
                    check(UnsafeBufferPointer(rebasing: all[span.start..<(span.start + span.count)]), isTerminated: span.isTerminated)
                }
            }
            parts.withLock { $0[part] = results }
        }
        return parts.withLock { $0[0] + $0[1] }
    }

    private static func check(_ line: UnsafeBufferPointer<UInt8>, isTerminated: Bool) -> Result<(ParsedLine, ChainHash), LineParseError> {
        guard isTerminated else { return .failure(LineParseError(offset: line.count, reason: "line has no newline")) }
        do throws(LineParseError) {
            return .success((try ParsedLine(line), ChainHash.of(line: line)))
        } catch { return .failure(error) }
    }
}
