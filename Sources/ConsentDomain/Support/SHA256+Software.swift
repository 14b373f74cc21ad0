/// The portable compression function: FIPS 180-4 §6.2.2 in Swift, for CPUs without the
/// SHA extensions (and to check the hardware path against). Fully unrolled, with the round
/// constants as literals and a rolling 16-word schedule held in locals; reads big-endian
/// words straight from the caller's bytes.
extension SHA256 {
    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    @inline(__always)
    private static func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3) }

    @inline(__always)
    private static func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) }

    /// One round (FIPS 180-4 §6.2.2 step 3) with the working variables renamed instead of
    /// shifted: the caller rotates the argument order, so only `d` and `h` change. `Ch` is
    /// computed as `g ^ (e & (f ^ g))` and `Maj` as `b ^ ((a ^ b) & (b ^ c))`, where `b ^ c`
    /// is the previous round's `a ^ b` (carried in `bc`).
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
                              _ bc: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let ab = a ^ b
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ (b ^ (ab & bc))
        bc = ab
        d = d &+ t1
        h = t1 &+ t2
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`.
    static func compressInSoftware(_ state: inout Words, blocks: UnsafeRawPointer, count: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        var p = blocks
        for _ in 0..<count {
            var w0 = p.loadUnaligned(fromByteOffset: 0, as: UInt32.self).bigEndian
            var w1 = p.loadUnaligned(fromByteOffset: 4, as: UInt32.self).bigEndian
            var w2 = p.loadUnaligned(fromByteOffset: 8, as: UInt32.self).bigEndian
            var w3 = p.loadUnaligned(fromByteOffset: 12, as: UInt32.self).bigEndian
            var w4 = p.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian
            var w5 = p.loadUnaligned(fromByteOffset: 20, as: UInt32.self).bigEndian
            var w6 = p.loadUnaligned(fromByteOffset: 24, as: UInt32.self).bigEndian
            var w7 = p.loadUnaligned(fromByteOffset: 28, as: UInt32.self).bigEndian
            var w8 = p.loadUnaligned(fromByteOffset: 32, as: UInt32.self).bigEndian
            var w9 = p.loadUnaligned(fromByteOffset: 36, as: UInt32.self).bigEndian
            var w10 = p.loadUnaligned(fromByteOffset: 40, as: UInt32.self).bigEndian
            var w11 = p.loadUnaligned(fromByteOffset: 44, as: UInt32.self).bigEndian
            var w12 = p.loadUnaligned(fromByteOffset: 48, as: UInt32.self).bigEndian
            var w13 = p.loadUnaligned(fromByteOffset: 52, as: UInt32.self).bigEndian
            var w14 = p.loadUnaligned(fromByteOffset: 56, as: UInt32.self).bigEndian
            var w15 = p.loadUnaligned(fromByteOffset: 60, as: UInt32.self).bigEndian
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            var bc = b ^ c
            round(a, b, c, &d, e, f, g, &h, &bc, 0x428a2f98 &+ w0)
            round(h, a, b, &c, d, e, f, &g, &bc, 0x71374491 &+ w1)
            round(g, h, a, &b, c, d, e, &f, &bc, 0xb5c0fbcf &+ w2)
            round(f, g, h, &a, b, c, d, &e, &bc, 0xe9b5dba5 &+ w3)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x3956c25b &+ w4)
            round(d, e, f, &g, h, a, b, &c, &bc, 0x59f111f1 &+ w5)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x923f82a4 &+ w6)
            round(b, c, d, &e, f, g, h, &a, &bc, 0xab1c5ed5 &+ w7)
            round(a, b, c, &d, e, f, g, &h, &bc, 0xd807aa98 &+ w8)
            round(h, a, b, &c, d, e, f, &g, &bc, 0x12835b01 &+ w9)
            round(g, h, a, &b, c, d, e, &f, &bc, 0x243185be &+ w10)
            round(f, g, h, &a, b, c, d, &e, &bc, 0x550c7dc3 &+ w11)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x72be5d74 &+ w12)
            round(d, e, f, &g, h, a, b, &c, &bc, 0x80deb1fe &+ w13)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x9bdc06a7 &+ w14)
            round(b, c, d, &e, f, g, h, &a, &bc, 0xc19bf174 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, &bc, 0xe49b69c1 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, &bc, 0xefbe4786 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, &bc, 0x0fc19dc6 &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, &bc, 0x240ca1cc &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x2de92c6f &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, &bc, 0x4a7484aa &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x5cb0a9dc &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, &bc, 0x76f988da &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, &bc, 0x983e5152 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, &bc, 0xa831c66d &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, &bc, 0xb00327c8 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, &bc, 0xbf597fc7 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, &bc, 0xc6e00bf3 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, &bc, 0xd5a79147 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x06ca6351 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, &bc, 0x14292967 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, &bc, 0x27b70a85 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, &bc, 0x2e1b2138 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, &bc, 0x4d2c6dfc &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, &bc, 0x53380d13 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x650a7354 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, &bc, 0x766a0abb &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x81c2c92e &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, &bc, 0x92722c85 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, &bc, 0xa2bfe8a1 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, &bc, 0xa81a664b &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, &bc, 0xc24b8b70 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, &bc, 0xc76c51a3 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, &bc, 0xd192e819 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, &bc, 0xd6990624 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, &bc, 0xf40e3585 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, &bc, 0x106aa070 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &h, &bc, 0x19a4c116 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(h, a, b, &c, d, e, f, &g, &bc, 0x1e376c08 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, h, a, &b, c, d, e, &f, &bc, 0x2748774c &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, h, &a, b, c, d, &e, &bc, 0x34b0bcb5 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x391c0cb3 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, h, a, b, &c, &bc, 0x4ed8aa4a &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, h, a, &b, &bc, 0x5b9cca4f &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, h, &a, &bc, 0x682e6ff3 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &h, &bc, 0x748f82ee &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(h, a, b, &c, d, e, f, &g, &bc, 0x78a5636f &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, h, a, &b, c, d, e, &f, &bc, 0x84c87814 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, h, &a, b, c, d, &e, &bc, 0x8cc70208 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &h, a, b, c, &d, &bc, 0x90befffa &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, h, a, b, &c, &bc, 0xa4506ceb &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, h, a, &b, &bc, 0xbef9a3f7 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, h, &a, &bc, 0xc67178f2 &+ w15)
            h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
            h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
            p += 64
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
