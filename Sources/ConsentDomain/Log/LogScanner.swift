import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
    /// The file's size when scanned: the records, a torn tail, and any zeros written ahead of them.
    var fileBytes = 0
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
    /// - Parameter indexKeys: Work out each record's index keys (`ParsedLine.replayKey`) on the
    ///   checking threads; false when the caller builds no index (the offline verifier).
    static func scan(directory: String, maxLineBytes: Int, indexKeys: Bool = true,
                     onRecord: Record) throws(LogError) -> ScanResult {
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
            // The accepted lines of the previous batch are indexed (`onRecord`) while this
            // batch is parsed and hashed; errors keep their order because a batch's own
            // failure is reported only after everything accepted before it is indexed.
            var pending: CheckedBatch?
            segment.fileBytes = try reader.forEachOwnedBatch { (bytes, spans) throws(LogError) -> Bool in
                var batch = CheckedBatch(bytes: bytes, spans: spans, segmentIndex: index, segmentName: file.name)
                let outcomes = try checkLines(batch, whileIndexing: pending, indexKeys: indexKeys, onRecord: onRecord)
                batch.outcomes = outcomes
                pending = nil
                var accepted = 0
                var k = 0
                for part in outcomes {
                    for outcome in part {
                        let line = batch.spans[k]
                        k += 1
                        let parsed: ParsedLine
                        let hash: ChainHash
                        switch outcome {
                        case .success(let value):
                            (parsed, hash) = value
                        case .failure(let error):
                            try batch.index(upTo: accepted, onRecord: onRecord)
                            if isNewest && line.isLast {
                                torn = TornTail(segment: file.name, offset: line.offset,
                                                byteCount: line.count + (line.isTerminated ? 1 : 0),
                                                reason: error.reason, quarantinePath: nil)
                                return false
                            }
                            throw .corrupt(segment: file.name, offset: line.offset,
                                           reason: "unreadable record: \(error.reason) (at line byte \(error.offset))")
                        }
                        guard parsed.sequence == expected else {
                            try batch.index(upTo: accepted, onRecord: onRecord)
                            throw .corrupt(segment: file.name, offset: line.offset,
                                           reason: "sequence gap: found \(parsed.sequence), expected \(expected)")
                        }
                        guard parsed.prev == head else {
                            try batch.index(upTo: accepted, onRecord: onRecord)
                            throw .corrupt(segment: file.name, offset: line.offset,
                                           reason: "broken chain: prev does not match the hash of the previous record")
                        }
                        head = hash
                        expected += 1
                        accepted += 1
                        segment.validBytes = line.offset + line.count + 1
                        segment.recordCount += 1
                        segment.lastTimeMilliseconds = parsed.timeMilliseconds
                    }
                }
                batch.acceptedCount = accepted
                pending = batch
                return true
            }
            if let pending { try pending.index(upTo: pending.acceptedCount, onRecord: onRecord) }
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

    /// Pieces a batch is split into for parsing and hashing; with the indexing of the
    /// previous batch as one more piece, two cores stay busy whatever the split of work.
    static let checkPieces = 8

    /// Parses and hashes every line of `batch` over the available cores (hashing is most of
    /// replay's work) while `previous`, if any, is indexed on another; the order-dependent
    /// checks stay with the caller.
    /// - Throws: What indexing `previous` threw.
    private static func checkLines(_ batch: CheckedBatch, whileIndexing previous: CheckedBatch?, indexKeys: Bool,
                                   onRecord: Record) throws(LogError) -> [[LineOutcome]] {
        let job = CheckJob(batch: batch, pieces: batch.spans.count >= 64 ? checkPieces : 1, indexKeys: indexKeys)
        guard let previous else {
            job.work()
            return job.results
        }
        // A pool thread takes pieces while this thread indexes `previous`, then helps.
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { job.work() }
        var indexError: LogError?
        do throws(LogError) {
            try previous.index(upTo: previous.acceptedCount, onRecord: onRecord)
        } catch { indexError = error }
        job.work()
        group.wait()
        if let indexError { throw indexError }
        return job.results
    }

    /// Parses and hashes one line and, with `indexKeys`, works out its index keys
    /// (`ParsedLine.replayKey`) so the replaying thread does not have to.
    static func check(_ line: UnsafeBufferPointer<UInt8>, isTerminated: Bool, indexKeys: Bool = true) -> LineOutcome {
        guard isTerminated else { return .failure(LineParseError(offset: line.count, reason: "line has no newline")) }
        do throws(LineParseError) {
            var parsed = try ParsedLine(line)
            if indexKeys { parsed.replayKey = ReplayKey(parsed, line: line) }
            return .success((parsed, ChainHash.of(line: line)))
        } catch { return .failure(error) }
    }
}
