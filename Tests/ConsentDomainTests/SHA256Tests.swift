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
}
