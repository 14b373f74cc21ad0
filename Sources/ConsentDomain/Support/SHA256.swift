/// A self-contained SHA-256 (FIPS 180-4). Foundation on Linux has no CryptoKit, and the
/// product takes no packages, so the hash chain and catalogue versions use this.
///
/// Speed matters because replay hashes every record line (about 500 MB for a million
/// records): blocks are compressed by the CPU's SHA extensions when it has them (the C
/// target `CSHA256`), otherwise by the unrolled Swift function in `SHA256+Software.swift`;
/// whole blocks are read straight from the caller's bytes (no copy), and the one-shot
/// `digestWords(of:)` allocates nothing.
public struct SHA256: Sendable {
    /// The eight working words H0…H7.
    typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    static let initialState: Words =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    /// Which compression function this hasher uses.
    let engine: SHA256Engine
    private var state: Words = SHA256.initialState
    /// Bytes of a partial block (the first `pending` bytes are valid), 64 bytes inline.
    private var partial: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pending = 0
    /// Message length so far, in bytes.
    private var length: UInt64 = 0

    /// A hasher on the fastest engine this CPU has.
    public init() { engine = .preferred }

    /// A hasher on `engine` (tests compare the engines).
    init(engine: SHA256Engine) { self.engine = engine }

    /// The digest of `bytes` in one call.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        hash(bytes, engine: .preferred)
    }

    /// The digest of `bytes` in one call, compressed by `engine`.
    static func hash<C: Collection>(_ bytes: C, engine: SHA256Engine) -> [UInt8] where C.Element == UInt8 {
        if let words = bytes.withContiguousStorageIfAvailable({ digestWords(of: UnsafeRawBufferPointer($0), engine: engine) }) {
            return digestBytes(words)
        }
        var h = SHA256(engine: engine)
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
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: UnsafeRawBufferPointer($0)) }) != nil { return }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update(contiguous: $0) }
    }

    /// Hashes `bytes`, compressing whole blocks straight from the caller's memory.
    private mutating func update(contiguous bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if pending > 0 {
            let take = min(64 - pending, bytes.count)
            let filled = pending
            withUnsafeMutableBytes(of: &partial) { block in
                block.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: take)
            }
            pending += take
            offset = take
            guard pending == 64 else { return }
            let block = partial
            withUnsafeBytes(of: block) { Self.compress(&state, blocks: $0.baseAddress!, count: 1, engine: engine) }
            pending = 0
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 {
            Self.compress(&state, blocks: base + offset, count: whole, engine: engine)
            offset += whole * 64
        }
        let rest = bytes.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &partial) { block in
                block.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
            }
            pending = rest
        }
    }

    public mutating func finalize() -> [UInt8] {
        let block = partial
        let words = withUnsafeBytes(of: block) { raw in
            Self.finish(state, tail: UnsafeRawBufferPointer(rebasing: raw[0..<pending]), length: length, engine: engine)
        }
        return Self.digestBytes(words)
    }

    /// The digest of `bytes` as eight big-endian words, without allocating.
    static func digestWords(of bytes: UnsafeRawBufferPointer, engine: SHA256Engine = .preferred) -> Words {
        var state = initialState
        let whole = bytes.count / 64
        if whole > 0, let base = bytes.baseAddress { compress(&state, blocks: base, count: whole, engine: engine) }
        return finish(state, tail: UnsafeRawBufferPointer(rebasing: bytes[(whole * 64)...]), length: UInt64(bytes.count),
                      engine: engine)
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`.
    @inline(__always)
    static func compress(_ state: inout Words, blocks: UnsafeRawPointer, count: Int, engine: SHA256Engine) {
        switch engine {
        case .hardware: SHA256Engine.compressInHardware(&state, blocks: blocks, count: count)
        case .software: compressInSoftware(&state, blocks: blocks, count: count)
        }
    }

    /// Pads (FIPS 180-4 §5.1.1) and compresses the last partial block of a message of
    /// `length` bytes whose earlier blocks are already in `state`.
    private static func finish(_ state: Words, tail: UnsafeRawBufferPointer, length: UInt64, engine: SHA256Engine) -> Words {
        var state = state
        let blocks = tail.count < 56 ? 1 : 2
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { buffer in
            let p = buffer.baseAddress!
            p.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            if let base = tail.baseAddress, tail.count > 0 { p.copyMemory(from: base, byteCount: tail.count) }
            p.storeBytes(of: 0x80, toByteOffset: tail.count, as: UInt8.self)
            p.storeBytes(of: (length &* 8).bigEndian, toByteOffset: blocks * 64 - 8, as: UInt64.self)
            compress(&state, blocks: UnsafeRawPointer(p), count: blocks, engine: engine)
        }
        return state
    }

    private static func digestBytes(_ words: Words) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            let raw = UnsafeMutableRawBufferPointer(out)
            let (a, b, c, d, e, f, g, h) = words
            for (i, word) in [a, b, c, d, e, f, g, h].enumerated() {
                raw.storeBytes(of: word.bigEndian, toByteOffset: 4 * i, as: UInt32.self)
            }
            count = 32
        }
    }
}
