import Glibc

/// Every file-system syscall of the consent log, in one place (STYLE R11): each call
/// retries `EINTR` and turns a failure into `LogError.io` with the captured `errno`.
enum LogFile {
    /// Creates `path` as a directory (mode 0750); an existing directory is fine.
    /// - Throws: `LogError.io` for any other failure.
    static func makeDirectory(_ path: String) throws(LogError) {
        if mkdir(path, 0o750) == 0 { return }
        let code = errno
        if code == EEXIST {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
        }
        throw .io(operation: "mkdir", path: path, errno: code)
    }

    /// The names of the entries of `path` (without `.` and `..`), unsorted.
    /// - Throws: `LogError.io` when the directory cannot be opened.
    static func listDirectory(_ path: String) throws(LogError) -> [String] {
        guard let dir = opendir(path) else { throw .io(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether `path` exists (any file type).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Opens the segment `path` for writing, creating it (mode 0640) when `create` is set. Not
    /// `O_APPEND`: the writer writes at its own offset (`writeAll(_:_:at:path:)`), over the zeros it
    /// wrote ahead of its records (see `LogWriter.extend`), so the file keeps its size.
    /// - Throws: `LogError.io`.
    static func openForWriting(_ path: String, create: Bool) throws(LogError) -> CInt {
        let flags = O_WRONLY | O_CLOEXEC | (create ? O_CREAT : 0)
        while true {
            let fd = open(path, flags, 0o640)
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "open", path: path, errno: code)
        }
    }

    /// Opens `path` read-only.
    /// - Throws: `LogError.io`.
    static func openForReading(_ path: String) throws(LogError) -> CInt {
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "open", path: path, errno: code)
        }
    }

    /// Opens `path` read-write without creating it (used to cut a torn tail).
    static func openForUpdate(_ path: String) throws(LogError) -> CInt {
        while true {
            let fd = open(path, O_RDWR | O_CLOEXEC)
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "open", path: path, errno: code)
        }
    }

    /// Closes `fd`; errors from close are ignored (the data was synced before, or the fd is read-only).
    static func close(_ fd: CInt) {
        _ = Glibc.close(fd)
    }

    /// Writes all of `bytes` at byte `offset` (`pwrite`), or at the current position when `nil`,
    /// looping over short writes.
    /// - Throws: `LogError.io` with the `errno` of the failing call.
    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, at offset: Int?, path: String) throws(LogError) {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        var at = offset
        while left > 0 {
            let n = if let position = at { pwrite(fd, base, left, off_t(position)) } else { write(fd, base, left) }
            if n > 0 {
                base += n
                left -= n
                at = at.map { $0 + n }
                continue
            }
            let code = n == 0 ? EIO : errno
            if code == EINTR { continue }
            throw .io(operation: "write", path: path, errno: code)
        }
    }

    /// Writes zero bytes over `range` of the open file (extending it when the range ends past its end),
    /// 64 KiB per `pwrite`.
    /// - Throws: `LogError.io` (e.g. `ENOSPC`); bytes before the failing call stay written.
    static func writeZeros(_ fd: CInt, _ range: Range<Int>, path: String) throws(LogError) {
        guard !range.isEmpty else { return }
        let zeros = UnsafeMutableRawBufferPointer.allocate(byteCount: min(range.count, 64 * 1024), alignment: 4_096)
        defer { zeros.deallocate() }
        zeros.initializeMemory(as: UInt8.self, repeating: 0)
        var at = range.lowerBound
        while at < range.upperBound {
            let count = min(zeros.count, range.upperBound - at)
            try writeAll(fd, UnsafeRawBufferPointer(rebasing: zeros[0..<count]), at: at, path: path)
            at += count
        }
    }

    /// The length of the open file's content: the offset just past its last non-zero byte. A record
    /// line never holds a zero byte (control bytes are escaped), so a run of zeros at a segment's end
    /// is space the writer prepared ahead of its records (`LogWriter.extend`), not data. Reads
    /// backwards from `size` in 64 KiB steps; usually the first step finds the end.
    /// - Throws: `LogError.io`.
    static func contentLength(_ fd: CInt, size: Int, path: String) throws(LogError) -> Int {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 4_096)
        defer { buffer.deallocate() }
        var end = size
        while end > 0 {
            let start = max(0, end - buffer.count)
            var filled = 0
            while filled < end - start {
                let n = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(end - start)]),
                                 at: start + filled, path: path)
                if n == 0 { break }   // the file shrank under us: look at what was read
                filled += n
            }
            if let last = UnsafeRawBufferPointer(rebasing: buffer[0..<filled]).lastIndex(where: { $0 != 0 }) {
                return start + last + 1
            }
            end = start
        }
        return 0
    }

    /// Flushes the file's data (and the metadata needed to read it back) to stable storage.
    /// - Throws: `LogError.io`; the caller must treat the file as failed (never retry-and-acknowledge).
    static func syncData(_ fd: CInt, path: String) throws(LogError) {
        while fdatasync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "fdatasync", path: path, errno: code)
        }
    }

    /// `fsync`s the directory `path`, making created, renamed or removed entries durable.
    /// - Throws: `LogError.io`.
    static func syncDirectory(_ path: String) throws(LogError) {
        let fd = try openForReading(path)
        defer { close(fd) }
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "fsync", path: path, errno: code)
        }
    }

    /// Reads up to `buffer.count` bytes at the current position; 0 means end of file.
    /// - Throws: `LogError.io`.
    static func read(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(LogError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "read", path: path, errno: code)
        }
    }

    /// Reads up to `buffer.count` bytes at byte `offset`; 0 means end of file.
    /// - Throws: `LogError.io`.
    static func read(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String) throws(LogError) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "pread", path: path, errno: code)
        }
    }

    /// The size of the open file, in bytes.
    /// - Throws: `LogError.io`.
    static func size(_ fd: CInt, path: String) throws(LogError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    /// Cuts the open file to `length` bytes.
    /// - Throws: `LogError.io`.
    static func truncate(_ fd: CInt, to length: Int, path: String) throws(LogError) {
        while ftruncate(fd, off_t(length)) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "ftruncate", path: path, errno: code)
        }
    }

    /// Cuts the file `path` to `length` bytes (not synced: what it drops must be droppable either
    /// way, e.g. zeros written ahead of a segment's records).
    /// - Throws: `LogError.io`.
    static func cutBack(_ path: String, to length: Int) throws(LogError) {
        let fd = try openForUpdate(path)
        defer { close(fd) }
        try truncate(fd, to: length, path: path)
    }

    /// Reserves disk blocks for bytes `0..<length` of the open file without changing its size
    /// (`fallocate(2)` with `FALLOC_FL_KEEP_SIZE`): later appends land in allocated blocks, so
    /// `fdatasync` does not have to allocate them. The file's size and content stay as they are.
    /// - Throws: `LogError.io` (e.g. `EOPNOTSUPP` on a file system without it, `ENOSPC`); callers
    ///   treat that as "not preallocated", never as a failed log.
    static func preallocate(_ fd: CInt, length: Int, path: String) throws(LogError) {
        guard let fallocate = FileAllocator.function else { throw .io(operation: "fallocate", path: path, errno: ENOSYS) }
        while fallocate(fd, FileAllocator.keepSize, 0, off_t(length)) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "fallocate", path: path, errno: code)
        }
    }

    /// Removes the file `path`; a missing file is fine.
    /// - Throws: `LogError.io`.
    static func remove(_ path: String) throws(LogError) {
        if unlink(path) == 0 { return }
        let code = errno
        if code == ENOENT { return }
        throw .io(operation: "unlink", path: path, errno: code)
    }

    /// Reads a whole small file (at most `limit` bytes).
    /// - Returns: The bytes, or `nil` when the file does not exist.
    /// - Throws: `LogError.io`, or when the file is larger than `limit`.
    static func readSmallFile(_ path: String, limit: Int) throws(LogError) -> [UInt8]? {
        let fd: CInt
        do {
            fd = try openForReading(path)
        } catch {
            if case .io(_, _, let code) = error, code == ENOENT { return nil }
            throw error
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try read(fd, into: &chunk, at: nil, path: path)
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw .io(operation: "read", path: path, errno: EFBIG) }
        }
    }

    /// Writes `bytes` to `path` so that a crash leaves either the old or the new content:
    /// a temporary file is written and synced, renamed over `path`, and `directory` is synced.
    /// - Throws: `LogError.io`.
    static func replaceFile(_ path: String, with bytes: [UInt8], directory: String) throws(LogError) {
        let temporary = path + ".tmp"
        var fd: CInt = -1
        while true {
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
            if fd >= 0 { break }
            let code = errno
            if code == EINTR { continue }
            throw .io(operation: "open", path: temporary, errno: code)
        }
        do {
            try writeAll(fd, bytes, path: temporary)
            try syncData(fd, path: temporary)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 { throw .io(operation: "rename", path: path, errno: errno) }
        try syncDirectory(directory)
    }

    /// The system's text for `errno` `code` (e.g. "No space left on device").
    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}

extension LogFile {
    /// Index of the first `\n` in `bytes`, or `nil` (memchr).
    static func firstNewline(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty,
              let hit = memchr(base, 0x0A, bytes.count) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}

extension LogFile {
    /// Writes all of `bytes` at byte `offset`, or at the current position when `nil` (see `writeAll(_:_:at:path:)`).
    static func writeAll(_ fd: CInt, _ bytes: [UInt8], at offset: Int? = nil, path: String) throws(LogError) {
        let failure: LogError? = bytes.withUnsafeBytes { raw in
            do throws(LogError) { try writeAll(fd, raw, at: offset, path: path); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Reads into `buffer[start...]`, at byte `offset` of the file (or the current position
    /// when `offset` is `nil`). Returns the bytes read; 0 means end of file.
    static func read(_ fd: CInt, into buffer: inout [UInt8], from start: Int = 0, at offset: Int?, path: String) throws(LogError) -> Int {
        let outcome: Result<Int, LogError> = buffer.withUnsafeMutableBytes { raw in
            let target = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            do throws(LogError) {
                if let offset { return .success(try read(fd, into: target, at: offset, path: path)) }
                return .success(try read(fd, into: target, path: path))
            } catch { return .failure(error) }
        }
        return try outcome.get()
    }
}

/// `fallocate(2)`, which the Glibc module does not import (it is declared under `_GNU_SOURCE`):
/// looked up once in the process's own symbols, with its C signature.
private enum FileAllocator {
    typealias Function = @convention(c) (CInt, CInt, off_t, off_t) -> CInt
    /// `FALLOC_FL_KEEP_SIZE` (linux/falloc.h): allocate without changing the file size.
    static let keepSize: CInt = 1
    static let function: Function? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "fallocate") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}
