/// A self-contained SHA-256 (FIPS 180-4). Foundation on Linux has no CryptoKit, and the
/// product takes no packages, so the hash chain and catalogue versions use this.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    /// The digest of `bytes` in one call.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// The lower-case hex digest of `bytes`.
    public static func hexHash<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hex(hash(bytes))
    }

    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Fast path: contiguous storage (arrays, slices, buffers) is hashed in place.
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: $0) }) != nil { return }
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { update(contiguous: $0) }
    }

    /// Hashes `bytes` without copying whole blocks.
    private mutating func update(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<take]))
            offset = take
            guard buffer.count == 64 else { return }
            buffer.withUnsafeBufferPointer { compress($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + 64)]))
            offset += 64
        }
        if offset < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset...])) }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        let pending = buffer.count
        let blocks = pending < 56 ? 1 : 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            tail.initialize(repeating: 0)
            for i in 0..<pending { tail[i] = buffer[i] }
            tail[pending] = 0x80
            let end = blocks * 64
            for i in 0..<8 { tail[end - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i)) }
            for b in 0..<blocks { compress(UnsafeBufferPointer(rebasing: tail[(b * 64)..<(b * 64 + 64)])) }
        }
        let (a, b, c, d, e, f, g, h) = state
        return [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            func put(_ word: UInt32, at i: Int) {
                out[i] = UInt8(truncatingIfNeeded: word >> 24)
                out[i + 1] = UInt8(truncatingIfNeeded: word >> 16)
                out[i + 2] = UInt8(truncatingIfNeeded: word >> 8)
                out[i + 3] = UInt8(truncatingIfNeeded: word)
            }
            put(a, at: 0); put(b, at: 4); put(c, at: 8); put(d, at: 12)
            put(e, at: 16); put(f, at: 20); put(g, at: 24); put(h, at: 28)
            count = 32
        }
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    private mutating func compress(_ block: UnsafeBufferPointer<UInt8>) {
        guard let base = block.baseAddress, block.count >= 64 else { return }
        var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var s = state
        withUnsafeMutableBytes(of: &words) { raw in
            let w = raw.baseAddress!.assumingMemoryBound(to: UInt32.self)
            Self.k.withUnsafeBufferPointer { k in
                Self.compress(&s, base, w, k.baseAddress!)
            }
        }
        state = s
    }

    /// One 64-byte block (FIPS 180-4 §6.2.2) with a rolling 16-word schedule in `w`.
    @inline(__always)
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ block: UnsafePointer<UInt8>, _ w: UnsafeMutablePointer<UInt32>, _ k: UnsafePointer<UInt32>) {
        for i in 0..<16 {
            w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        var (a, b, c, d, e, f, g, h) = state
        for i in 0..<64 {
            let wi: UInt32
            if i < 16 {
                wi = w[i]
            } else {
                let w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15]
                let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                wi = w[i & 15] &+ s0 &+ w[(i - 7) & 15] &+ s1
                w[i & 15] = wi
            }
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ k[i] &+ wi
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }
}
