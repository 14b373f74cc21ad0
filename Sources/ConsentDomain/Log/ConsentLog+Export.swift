import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Bulk reads for exports and statistics: resumable, bounded, and time-range aware.
extension ConsentLog {
    /// Bytes read from a segment per `pread`: 1 MiB.
    static let exportReadBytes = 1 << 20

    /// Reads records with a sequence number greater than `after`, in order, until `maxRecords`
    /// matched, about `maxBytes` of line bytes were collected or examined, or the durable end.
    ///
    /// Records are stamped in non-decreasing time order (the writer never goes back), so the
    /// time range is used to skip whole segments before `from` and to stop at the first record
    /// at or after `to`.
    /// - Parameters:
    ///   - after: Only records with `sequence > after` (0 = from the first).
    ///   - position: A position returned by an earlier read with the same `after` (`position.sequence == after`);
    ///     ignored when stale (e.g. its segment was removed by retention).
    ///   - fromMilliseconds: Inclusive lower bound of `recordedAt`, in ms since the epoch; `nil` = none.
    ///   - toMilliseconds: Exclusive upper bound of `recordedAt`, in ms since the epoch; `nil` = none.
    ///   - maxRecords: Most records returned (≥ 1).
    ///   - maxBytes: Stop once this many line bytes were examined (keeps each call short and its memory bounded).
    /// - Returns: The records and where to continue.
    /// - Throws: `LogError.io` for read problems, `.corrupt` for a line that no longer parses.
    public func readRecords(after: UInt64, resumingAt position: LogReadPosition? = nil,
                            fromMilliseconds: Int64? = nil, toMilliseconds: Int64? = nil,
                            maxRecords: Int, maxBytes: Int = 256 * 1024) throws(LogError) -> LogReadBatch {
        let (pending, resume) = try pick(after: after, resumingAt: position, fromMilliseconds: fromMilliseconds,
                                         toMilliseconds: toMilliseconds, maxRecords: maxRecords, maxBytes: maxBytes)
        return LogReadBatch(records: try Self.materialize(pending), resume: resume)
    }

    /// The same selection as `readRecords`, but each line is only hashed, not decoded into a
    /// `ConsentRecord`: what JSON and NDJSON exports need (the line already is the record's JSON),
    /// and what CSV renders from (see `RecordLineFields`).
    /// - Parameter checkingText: Also check every text field as `readRecords` decodes it (valid UTF-8,
    ///   a valid visitor id), so a line that `readRecords` would reject fails here too. Default `false`.
    /// - Throws: `LogError.io` for read problems, `.corrupt` for a line that no longer parses (or, when
    ///   `checkingText`, whose text does not decode).
    public func readLines(after: UInt64, resumingAt position: LogReadPosition? = nil,
                          fromMilliseconds: Int64? = nil, toMilliseconds: Int64? = nil,
                          maxRecords: Int, maxBytes: Int = 256 * 1024, checkingText: Bool = false) throws(LogError) -> LogLineBatch {
        let (pending, resume) = try pick(after: after, resumingAt: position, fromMilliseconds: fromMilliseconds,
                                         toMilliseconds: toMilliseconds, maxRecords: maxRecords, maxBytes: maxBytes)
        return LogLineBatch(lines: try Self.hashLines(pending, checkingText: checkingText), resume: resume)
    }

    /// The same selection as `readRecords`, reduced to what statistics count: no decoding of
    /// strings and no hashing, so counting a million records stays cheap.
    /// - Throws: `LogError.io` for read problems, `.corrupt` for a line that no longer parses.
    public func readSummaries(after: UInt64, resumingAt position: LogReadPosition? = nil,
                              fromMilliseconds: Int64? = nil, toMilliseconds: Int64? = nil,
                              maxRecords: Int, maxBytes: Int = 256 * 1024) throws(LogError) -> LogSummaryBatch {
        let (pending, resume) = try pick(after: after, resumingAt: position, fromMilliseconds: fromMilliseconds,
                                         toMilliseconds: toMilliseconds, maxRecords: maxRecords, maxBytes: maxBytes)
        let summaries = pending.map {
            LogRecordSummary(sequence: $0.parsed.sequence, timeMilliseconds: $0.parsed.timeMilliseconds, action: $0.parsed.action,
                             choices: $0.parsed.choices, gpcApplied: $0.parsed.gpcApplied)
        }
        return LogSummaryBatch(summaries: summaries, resume: resume)
    }

    /// Selects the lines `readRecords`/`readLines` return (see there), undecoded.
    private func pick(after: UInt64, resumingAt position: LogReadPosition?, fromMilliseconds: Int64?, toMilliseconds: Int64?,
                      maxRecords: Int, maxBytes: Int) throws(LogError) -> ([PendingRecord], LogReadPosition?) {
        let segments = core.state.withLock { $0.segments }
        var startIndex = 0
        var startOffset = 0
        if let position, position.sequence == after, let i = segments.firstIndex(where: { $0.name == position.segment }) {
            startIndex = i
            startOffset = position.offset
        } else {
            for (i, segment) in segments.enumerated() where segment.firstSequence <= after + 1 { startIndex = i }
            if let fromMilliseconds {
                // Skip segments whose newest record is older than `from` (or that are empty).
                while startIndex < segments.count - 1,
                      (segments[startIndex].lastTimeMilliseconds ?? Int64.min) < fromMilliseconds {
                    startIndex += 1
                }
            }
        }
        var records: [PendingRecord] = []
        var examinedBytes = 0
        var lastExamined = after
        let maxLine = core.options.maxLineBytes
        let capacity = Self.exportReadBytes + maxLine + 1
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var index = startIndex
        var offset = startOffset
        while index < segments.count {
            let segment = segments[index]
            let path = core.path(of: segment.name)
            let fd = try LogFile.openForReading(path)
            defer { LogFile.close(fd) }
            let end = segment.durableBytes
            while offset < end {
                let want = min(capacity, end - offset)
                let n = try LogFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0..<want]),
                                         at: offset, path: path)
                guard n > 0 else { break }
                var start = 0
                while start < n {
                    let rest = UnsafeBufferPointer(rebasing: buffer[start..<n])
                    guard let newline = LogFile.firstNewline(in: rest) else {
                        guard rest.count <= maxLine else {
                            throw .corrupt(segment: segment.name, offset: offset + start, reason: "line longer than \(maxLine) bytes")
                        }
                        break   // a partial line: read again from its start
                    }
                    let line = UnsafeBufferPointer(rebasing: rest[0..<newline])
                    let lineOffset = offset + start
                    start += newline + 1
                    examinedBytes += newline + 1
                    let parsed: ParsedLine
                    do throws(LineParseError) { parsed = try ParsedLine(line) } catch {
                        throw .corrupt(segment: segment.name, offset: lineOffset, reason: "unreadable record: \(error.reason)")
                    }
                    guard parsed.sequence > after else { continue }
                    if let toMilliseconds, parsed.timeMilliseconds >= toMilliseconds {
                        return (records, nil)
                    }
                    lastExamined = parsed.sequence
                    if fromMilliseconds.map({ parsed.timeMilliseconds >= $0 }) ?? true {
                        records.append(PendingRecord(parsed: parsed, line: Array(line), segment: segment.name, offset: lineOffset))
                    }
                    if records.count >= maxRecords || examinedBytes >= maxBytes {
                        let resume = LogReadPosition(sequence: lastExamined, segment: segment.name, offset: offset + start)
                        return (records, resume)
                    }
                }
                offset += start
                if start == 0 { break }   // cannot happen with capacity > maxLine; guards an endless loop
            }
            index += 1
            offset = 0
        }
        return (records, nil)
    }

    /// A line picked by `readRecords`, not yet decoded or hashed.
    struct PendingRecord {
        var parsed: ParsedLine
        var line: [UInt8]
        var segment: String
        var offset: Int
    }

    /// Records decoded and hashed per thread: below this, one thread does all of them.
    static let parallelThreshold = 64

    /// Decodes and hashes the picked lines (SHA-256 is most of an export's CPU), split over the
    /// machine's cores when there are enough of them.
    static func materialize(_ pending: [PendingRecord]) throws(LogError) -> [StoredRecord] {
        let count = pending.count
        guard count > 0 else { return [] }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / parallelThreshold))
        let slices = Mutex([[Result<StoredRecord, LogError>]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * count / workers)..<((worker + 1) * count / workers)
            let decoded = pending[range].map(decode)
            slices.withLock { $0[worker] = decoded }
        }
        var records: [StoredRecord] = []
        records.reserveCapacity(count)
        for slice in slices.withLock({ $0 }) {
            for result in slice { records.append(try result.get()) }
        }
        return records
    }

    /// Hashes the picked lines (and checks their text when asked, see `readLines`), split over the
    /// machine's cores when there are enough of them.
    /// - Throws: `LogError.corrupt` for the first line (in log order) whose text does not decode.
    static func hashLines(_ pending: [PendingRecord], checkingText: Bool) throws(LogError) -> [LogLine] {
        let count = pending.count
        guard count > 0 else { return [] }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / parallelThreshold))
        let slices = Mutex([[LogLine]](repeating: [], count: workers))
        let failures = Mutex([LogError?](repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * count / workers)..<((worker + 1) * count / workers)
            var hashed: [LogLine] = []
            hashed.reserveCapacity(range.count)
            for item in pending[range] {
                let hash = item.line.withUnsafeBufferPointer { line -> ChainHash? in
                    if checkingText {
                        do throws(LineParseError) { try item.parsed.checkText(line: line) } catch {
                            failures.withLock {
                                $0[worker] = .corrupt(segment: item.segment, offset: item.offset, reason: "unreadable record: \(error.reason)")
                            }
                            return nil
                        }
                    }
                    return ChainHash.of(line: line)
                }
                guard let hash else { break }
                hashed.append(LogLine(parsed: item.parsed, line: item.line, hash: hash))
            }
            slices.withLock { $0[worker] = hashed }
        }
        if let failure = failures.withLock({ $0.lazy.compactMap { $0 }.first }) { throw failure }
        return slices.withLock { $0.flatMap { $0 } }
    }

    private static func decode(_ pending: PendingRecord) -> Result<StoredRecord, LogError> {
        pending.line.withUnsafeBufferPointer { line in
            do throws(LineParseError) {
                let record = try pending.parsed.makeRecord(line: line)
                return .success(StoredRecord(record: record, hash: ChainHash.of(line: line).hex, line: pending.line))
            } catch {
                return .failure(.corrupt(segment: pending.segment, offset: pending.offset, reason: "unreadable record: \(error.reason)"))
            }
        }
    }
}
