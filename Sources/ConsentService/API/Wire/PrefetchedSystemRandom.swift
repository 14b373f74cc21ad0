import Glibc

/// A `RandomNumberGenerator` for one request: 32 bytes from glibc's `arc4random_buf` (glibc ≥ 2.36:
/// the kernel CSPRNG through `getrandom(2)`, the source `SystemRandomNumberGenerator` uses) in one
/// call, served as up to four `UInt64`s; further draws fall back to `SystemRandomNumberGenerator`.
/// A consent id and a server-issued visitor id then cost one system call instead of four.
struct PrefetchedSystemRandom: RandomNumberGenerator {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Words of `words` not yet handed out, taken from the end.
    private var available = 0
    private var system = SystemRandomNumberGenerator()

    init() {
        // A tuple's storage always has an address; arc4random_buf cannot fail.
        available = withUnsafeMutableBytes(of: &words) { raw in
            guard let base = raw.baseAddress else { return 0 }
            arc4random_buf(base, raw.count)
            return 4
        }
    }

    mutating func next() -> UInt64 {
        guard available > 0 else { return system.next() }
        available -= 1
        switch available {
        case 3: return words.3
        case 2: return words.2
        case 1: return words.1
        default: return words.0
        }
    }
}
