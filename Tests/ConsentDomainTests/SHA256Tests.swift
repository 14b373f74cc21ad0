import Testing
@testable import ConsentDomain

@Suite struct SHA256Tests {
    /// FIPS 180-4 example "abc" (NIST CSRC one-block message).
    @Test func hashesOneBlockMessage() {
        #expect(SHA256.hexHash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
    /// The empty message.
    @Test func hashesEmptyMessage() {
        #expect(SHA256.hexHash([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
    /// NIST two-block message (448 bits).
    @Test func hashesTwoBlockMessage() {
        let m = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hexHash(m) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
    /// NIST long message: one million "a", fed in uneven pieces to exercise buffering.
    @Test func hashesMillionAInPieces() {
        var h = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var left = 1_000_000
        while left > 0 { let n = min(left, piece.count); h.update(piece[0..<n]); left -= n }
        #expect(SHA256.hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
    /// Known digests (reference: Python hashlib) of messages at every padding boundary —
    /// 55/56 bytes (one vs two final blocks), 63/64/65 and 119/120 — and of a record-sized
    /// 430-byte line, through the one-shot path, the word path and byte-by-byte updates.
    @Test func hashesPaddingBoundaryLengthsAlikeOnEveryPath() {
        let expected: [(Int, String)] = [
            (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
            (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
            (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
            (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
            (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
            (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
            (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
            (430, "eb49ca6a71acf84f1703d3448ca8d23884b47be03bb4f643c97604182634e198"),
        ]
        for (count, hex) in expected {
            let message = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
            #expect(SHA256.hexHash(message) == hex, "one-shot, \(count) bytes")
            let line = message.withUnsafeBufferPointer { ChainHash.of(line: $0) }
            #expect(line.hex == hex, "chain hash, \(count) bytes")
            var h = SHA256()
            for byte in message { h.update(CollectionOfOne(byte)) }
            #expect(SHA256.hex(h.finalize()) == hex, "byte by byte, \(count) bytes")
        }
    }
}
