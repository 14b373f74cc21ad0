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

/// Reads a segment front to back through a bounded buffer (1 MiB plus one line), handing
/// out one line at a time.
struct SegmentLineReader {
    let path: String
    let segment: String
    /// Longest line accepted, newline excluded, in bytes.
    let maxLineBytes: Int
    /// Read at most this many bytes (e.g. the durable end of the active segment); `nil` = whole file.
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
        let fd = try LogFile.openForReading(path)
        defer { LogFile.close(fd) }
        let fileSize = try LogFile.size(fd, path: path)
        let end = min(fileSize, limit ?? fileSize)
        let capacity = Self.chunkBytes + maxLineBytes + 1
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0          // valid bytes in buffer
        var bufferOffset = 0    // file offset of buffer[0]
        var readOffset = 0      // file offset of the next read
        var lines: [SegmentLine] = []
        while true {
            if readOffset < end && filled < capacity {
                let want = min(capacity - filled, end - readOffset)
                let target = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled..<(filled + want)])
                let n = try LogFile.read(fd, into: target, at: readOffset, path: path)
                if n == 0 {
                    readOffset = end     // the file shrank under us: what we have is the end
                } else {
                    filled += n
                    readOffset += n
                }
            }
            let atEnd = readOffset >= end
            var start = 0
            var finished = false
            lines.removeAll(keepingCapacity: true)
            while start < filled {
                let rest = UnsafeBufferPointer(rebasing: buffer[start..<filled])
                if let nl = LogFile.firstNewline(in: rest) {
                    guard nl <= maxLineBytes else {
                        throw .corrupt(segment: segment, offset: bufferOffset + start, reason: "line longer than \(maxLineBytes) bytes")
                    }
                    lines.append(SegmentLine(offset: bufferOffset + start, bytes: UnsafeBufferPointer(rebasing: rest[0..<nl]),
                                             isTerminated: true, isLast: atEnd && start + nl + 1 == filled))
                    start += nl + 1
                    continue
                }
                if atEnd {
                    // An unterminated final line (any length): the caller decides whether it is a torn tail.
                    lines.append(SegmentLine(offset: bufferOffset + start, bytes: rest, isTerminated: false, isLast: true))
                    start = filled
                    break
                }
                if rest.count > maxLineBytes {
                    throw .corrupt(segment: segment, offset: bufferOffset + start, reason: "line longer than \(maxLineBytes) bytes")
                }
                break
            }
            if !lines.isEmpty {
                guard try body(lines) else { return }
            }
            if atEnd && start >= filled { finished = true }
            if finished { return }
            // Keep the partial line at the front.
            let keep = filled - start
            if start > 0 && keep > 0, let base = buffer.baseAddress {
                UnsafeMutableRawPointer(base).copyMemory(from: base + start, byteCount: keep)
            }
            bufferOffset += start
            filled = keep
        }
    }
}
