/// A link of the hash chain: the SHA-256 of one record line's bytes, newline excluded.
/// Kept as four words so the index and the writer hold it without allocating.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    var words: (UInt64, UInt64, UInt64, UInt64)

    /// The `prev` of the very first record of a log: 64 zeros.
    public static let genesis = ChainHash(words: (0, 0, 0, 0))

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Builds the value from a 32-byte digest.
    init(digest: [UInt8]) {
        func word(_ part: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in (part * 8)..<(part * 8 + 8) { v = v << 8 | UInt64(i < digest.count ? digest[i] : 0) }
            return v
        }
        words = (word(0), word(1), word(2), word(3))
    }

    /// The hash of one line's bytes (newline excluded).
    static func of(line: UnsafeBufferPointer<UInt8>) -> ChainHash {
        let (a, b, c, d, e, f, g, h) = SHA256.digestWords(of: UnsafeRawBufferPointer(line))
        return ChainHash(words: (UInt64(a) << 32 | UInt64(b), UInt64(c) << 32 | UInt64(d),
                                 UInt64(e) << 32 | UInt64(f), UInt64(g) << 32 | UInt64(h)))
    }

    /// The hash of one line's bytes (newline excluded).
    static func of(line: ArraySlice<UInt8>) -> ChainHash {
        line.withUnsafeBufferPointer { of(line: $0) }
    }

    /// Parses 64 lower-case hex digits; `nil` for anything else. Branch-free per digit
    /// (replay parses one `prev` per record): `(c & 0xF) + 9 * (c >> 6)` is the nibble of
    /// both `0-9` and `a-f`, and any other byte sets the `bad` flag.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64, let base = hex.baseAddress else { return nil }
        var bad = false
        @inline(__always) func word(_ at: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in at..<(at + 16) {
                let c = base[i]
                bad = bad || !((c &- 0x30) < 10 || (c &- 0x61) < 6)
                v = v << 4 | UInt64((c & 0x0F) &+ 9 &* (c >> 6))
            }
            return v
        }
        let w = (word(0), word(16), word(32), word(48))
        guard !bad else { return nil }
        words = w
    }

    /// Parses 64 lower-case hex digits; `nil` for anything else.
    public init?(hex: String) {
        var text = hex
        guard let value = text.withUTF8({ ChainHash(hex: $0) }) else { return nil }
        self = value
    }

    /// Appends the 64 lower-case hex digits to `out`.
    func appendHex(to out: inout [UInt8]) {
        // Written into a stack buffer and appended once (this runs per written line and per exported
        // record): no uniqueness check and growth test per digit.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            writeHex(to: buffer)
            out.append(contentsOf: buffer)
        }
    }

    /// Writes the 64 lower-case hex digits to `buffer` (at least 64 bytes).
    private func writeHex(to buffer: UnsafeMutableBufferPointer<UInt8>) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { d in
            var at = 0
            func write(_ word: UInt64) {
                for shift in stride(from: 60, through: 0, by: -4) {
                    buffer[at] = d[Int((word >> UInt64(shift)) & 0xF)]
                    at += 1
                }
            }
            write(words.0)
            write(words.1)
            write(words.2)
            write(words.3)
        }
    }

    /// Lower-case hex.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(to: buffer)
            return 64
        }
    }

    public var description: String { hex }

    public static func == (a: ChainHash, b: ChainHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
