import Glibc

/// Bytes from the kernel CSPRNG (`getrandom(2)` through glibc's `arc4random_buf`, the source
/// `SystemRandomNumberGenerator` uses too) fetched `capacity` bytes at a time and handed out eight at a time, each byte
/// once: one system call per 4 KiB (256 consent ids) instead of one per id. Handed-out bytes are
/// zeroed in the buffer. Not shared between threads: each thread draws from its own (`ThreadRandom`).
final class RandomByteBuffer {
    /// Bytes fetched per refill by default.
    static let defaultCapacity = 4096

    private let storage: UnsafeMutableRawBufferPointer
    /// Offset of the next unused word; `storage.count` when empty.
    private var position: Int
    private let fill: (UnsafeMutableRawBufferPointer) -> Void

    /// - Parameters:
    ///   - capacity: Bytes per refill, rounded up to a whole number of 8-byte words (at least one).
    ///   - fill: Fills the whole buffer with random bytes (tests inject a counter); the kernel CSPRNG by default.
    init(capacity: Int = defaultCapacity, fill: @escaping (UnsafeMutableRawBufferPointer) -> Void = RandomByteBuffer.fillFromKernel) {
        let words = max(1, (capacity + 7) / 8)
        storage = .allocate(byteCount: words * 8, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        position = storage.count
        self.fill = fill
    }

    deinit { storage.deallocate() }

    /// The next eight unused bytes, refilling the buffer when it is used up.
    func nextWord() -> UInt64 {
        if position >= storage.count {
            fill(storage)
            position = 0
        }
        let word = storage.load(fromByteOffset: position, as: UInt64.self)
        storage.storeBytes(of: 0, toByteOffset: position, as: UInt64.self)
        position += 8
        return word
    }

    /// Fills `buffer` from glibc's `arc4random_buf` (glibc ≥ 2.36: `getrandom(2)` for the whole
    /// length, what the per-id calls used; it cannot fail).
    static func fillFromKernel(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        arc4random_buf(base, buffer.count)
    }
}

/// A `RandomNumberGenerator` drawing from the calling thread's own `RandomByteBuffer` (created on the
/// thread's first draw, released when it exits): no lock shared by the event loops, and no system
/// call for most draws. Consent ids and server-issued visitor ids come from here.
struct ThreadRandom: RandomNumberGenerator {
    private static let buffers = ThreadOwned<RandomByteBuffer>()

    mutating func next() -> UInt64 { Self.buffers.value { RandomByteBuffer() }.nextWord() }
}
