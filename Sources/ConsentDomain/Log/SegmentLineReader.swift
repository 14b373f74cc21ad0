/// One line of a segment as the reader hands it out.
struct SegmentLine {
    /// Byte offset of the line's first byte in the segment.
    var offset: Int
    /// The line's bytes, newline excluded. Valid only during the callback.
    var bytes: UnsafeBufferPointer<UInt8>
    /// Whether the line ends with `\n` (an unterminated line can only be the file's last).
    var isTerminated: Bool
    /// Whether no byte follows this line in the part of the file being read.
    var isLast: Bool
}

/// Where one line sits in a reader buffer handed out by `forEachOwnedBatch`.
struct LineSpan {
    /// Offset of the line in the segment.
    var offset: Int
    /// Offset of the line in the buffer.
    var start: Int
    /// Length of the line in bytes, newline excluded.
    var count: Int
    /// Whether the line ends with `\n`.
    var isTerminated: Bool
    /// Whether no byte follows this line in the part of the file being read.
    var isLast: Bool
}

/// Reads a segment front to back through two bounded buffers (1 MiB plus one line each),
/// handing out one line or one buffer fill of lines at a time.
struct SegmentLineReader {
    let path: String
    let segment: String
    /// Longest line accepted, newline excluded, in bytes.
    let maxLineBytes: Int
    /// Read at most this many bytes (e.g. the durable end of the active segment); `nil` = the whole
    /// file's content (`LogFile.contentLength`: zeros written ahead of the records are not read).
    let limit: Int?
    static let chunkBytes = 1 << 20

    /// Calls `body` for every line until it returns `false` or the file ends.
    /// - Throws: `LogError.io`, `LogError.corrupt` for a line longer than `maxLineBytes`, or what `body` throws.
    func forEachLine(_ body: (SegmentLine) throws(LogError) -> Bool) throws(LogError) {
        try forEachBatch { (lines) throws(LogError) -> Bool in
            for line in lines { guard try body(line) else { return false } }
            return true
        }
    }

    /// Calls `body` with the lines of each buffer fill (up to about 1 MiB of lines at a
    /// time), in order, until it returns `false` or the file ends. The lines' bytes are valid
    /// only during the call.
    /// - Throws: `LogError.io`, `LogError.corrupt` for a line longer than `maxLineBytes`, or what `body` throws.
    func forEachBatch(_ body: ([SegmentLine]) throws(LogError) -> Bool) throws(LogError) {
        try forEachOwnedBatch { (bytes, spans) throws(LogError) -> Bool in
            try bytes.withUnsafeBufferPointer { (all) throws(LogError) -> Bool in
                let lines = spans.map {
                    SegmentLine(offset: $0.offset, bytes: UnsafeBufferPointer(rebasing: all[$0.start..<($0.start + $0.count)]),
                                isTerminated: $0.isTerminated, isLast: $0.isLast)
                }
                return try body(lines)
            }
        }
    }

    /// Like `forEachBatch`, but hands out the buffer itself (no copy) with the lines' spans in
    /// it, so `body` may keep both (e.g. for other threads) after it returns. The reader
    /// alternates between two buffers: the next fill goes into the other one, and a buffer
    /// still referenced when its turn comes is copied on write rather than overwritten.
    /// - Returns: The file's size when it was opened, in bytes (the lines, then any zeros written ahead of them).
    /// - Throws: `LogError.io`, `LogError.corrupt` for a line longer than `maxLineBytes`, or what `body` throws.
    @discardableResult
    func forEachOwnedBatch(_ body: (_ bytes: [UInt8], _ spans: [LineSpan]) throws(LogError) -> Bool) throws(LogError) -> Int {
        let fd = try LogFile.openForReading(path)
        defer { LogFile.close(fd) }
        let fileSize = try LogFile.size(fd, path: path)
        let end: Int
        if let limit { end = min(fileSize, limit) } else { end = try LogFile.contentLength(fd, size: fileSize, path: path) }
        // A file smaller than one fill gets a buffer of its own size.
        let capacity = Self.chunkBytes + maxLineBytes + 1
        var current = [UInt8](repeating: 0, count: min(capacity, end + 1))
        var spare: [UInt8] = []
        var filled = 0          // valid bytes in current
        var bufferOffset = 0    // file offset of current[0]
        var readOffset = 0      // file offset of the next read
        var expectedLines = 64
        while true {
            if readOffset < end && filled < current.count {
                let want = min(current.count - filled, end - readOffset)
                let at = filled
                let n = try current.withUnsafeMutableBufferPointer { (buffer) throws(LogError) -> Int in
                    let raw = UnsafeMutableRawBufferPointer(buffer)
                    return try LogFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + want)]), at: readOffset, path: path)
                }
                if n == 0 {
                    readOffset = end     // the file shrank under us: what we have is the end
                } else {
                    filled += n
                    readOffset += n
                }
            }
            let atEnd = readOffset >= end
            var spans: [LineSpan] = []
            spans.reserveCapacity(expectedLines)
            let start = try current.withUnsafeBufferPointer { (buffer) throws(LogError) -> Int in
                var start = 0
                while start < filled {
                    let rest = UnsafeBufferPointer(rebasing: buffer[start..<filled])
                    if let nl = LogFile.firstNewline(in: rest) {
                        guard nl <= maxLineBytes else {
                            throw .corrupt(segment: segment, offset: bufferOffset + start, reason: "line longer than \(maxLineBytes) bytes")
                        }
                        spans.append(LineSpan(offset: bufferOffset + start, start: start, count: nl,
                                              isTerminated: true, isLast: atEnd && start + nl + 1 == filled))
                        start += nl + 1
                        continue
                    }
                    if atEnd {
                        // An unterminated final line (any length): the caller decides whether it is a torn tail.
                        spans.append(LineSpan(offset: bufferOffset + start, start: start, count: rest.count,
                                              isTerminated: false, isLast: true))
                        return filled
                    }
                    if rest.count > maxLineBytes {
                        throw .corrupt(segment: segment, offset: bufferOffset + start, reason: "line longer than \(maxLineBytes) bytes")
                    }
                    break
                }
                return start
            }
            if !spans.isEmpty {
                expectedLines = max(expectedLines, spans.count + spans.count / 8)
                guard try body(current, spans) else { return fileSize }
            }
            if atEnd && start >= filled { return fileSize }
            // The partial line goes to the front of the other buffer; `body` may still hold this one.
            let keep = filled - start
            if spare.count < current.count { spare = [UInt8](repeating: 0, count: current.count) }
            if keep > 0 {
                current.withUnsafeBytes { from in
                    spare.withUnsafeMutableBytes { to in
                        if let source = from.baseAddress, let target = to.baseAddress {
                            target.copyMemory(from: source + start, byteCount: keep)
                        }
                    }
                }
            }
            swap(&current, &spare)
            bufferOffset += start
            filled = keep
        }
    }
}
