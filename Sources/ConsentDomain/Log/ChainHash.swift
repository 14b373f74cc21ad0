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

    /// Writes the 64 lower-case hex digits to `buffer` (at least 64 bytes), eight digits per store.
    private func writeHex(to buffer: UnsafeMutableBufferPointer<UInt8>) {
        let raw = UnsafeMutableRawBufferPointer(buffer)
        var offset = 0
        func store(_ word: UInt64) {
            raw.storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: word >> 32)), toByteOffset: offset, as: UInt64.self)
            raw.storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: word)), toByteOffset: offset + 8, as: UInt64.self)
            offset += 16
        }
        store(words.0)
        store(words.1)
        store(words.2)
        store(words.3)
    }

    /// The eight lower-case hex digits of `value`, as the bytes of a `UInt64` in memory order (SWAR:
    /// each nibble spread into its own byte, then `0`–`9` / `a`–`f` added to all eight at once).
    static func hexDigits(_ value: UInt32) -> UInt64 {
        var x = UInt64(value)
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        // 1 in each byte whose nibble is 10 or more: those get 'a' - '0' - 10 = 39 more.
        let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return (x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27).bigEndian
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
