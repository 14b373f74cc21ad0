import Foundation
import Testing
@testable import ConsentDomain

@Suite struct SHA256EngineTests {
    /// NIST CSRC example messages (FIPS 180-4): empty, "abc", the 448-bit and 896-bit ones.
    static let nistVectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    /// 1,016 bytes from SplitMix64(seed 42); message n is `n` bytes starting at `n % 16`.
    static func randomMessages() -> (buffer: [UInt8], ranges: [Range<Int>]) {
        var generator = SplitMix64(seed: 42)
        let buffer = generator.bytes(1016)
        return (buffer, (0...1000).map { n in (n % 16)..<(n % 16 + n) })
    }

    /// On a Linux CPU that lists `sha_ni`, the hardware engine is detected and preferred.
    @Test func prefersHardwareEngine_whenCPUAdvertisesSHAExtensions() throws {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let advertised = flags.split(separator: " ").contains("sha_ni")
            && flags.split(separator: " ").contains("ssse3") && flags.split(separator: " ").contains("sse4_1")
        #expect(SHA256Engine.isHardwareAvailable == advertised)
        #expect(SHA256Engine.preferred == (advertised ? .hardware : .software))
        #expect(SHA256Engine.available.contains(.software))
    }

    /// Every engine this CPU runs gives the NIST digests, one-shot and streamed byte by byte.
    @Test(arguments: SHA256Engine.available)
    func matchesNISTVectors(engine: SHA256Engine) {
        for (message, hex) in Self.nistVectors {
            let bytes = Array(message.utf8)
            #expect(SHA256.hex(SHA256.hash(bytes, engine: engine)) == hex, "one-shot \(bytes.count) bytes")
            var h = SHA256(engine: engine)
            for byte in bytes { h.update(CollectionOfOne(byte)) }
            #expect(SHA256.hex(h.finalize()) == hex, "byte by byte \(bytes.count) bytes")
        }
    }

    /// Every engine gives the NIST digest of one million "a" (15,625 blocks in one call).
    @Test(arguments: SHA256Engine.available)
    func matchesNISTMillionA(engine: SHA256Engine) {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(SHA256.hash(bytes, engine: engine)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The engines agree on random messages of every length 0…1000 (each block boundary and
    /// padding case), read at every alignment 0…15.
    @Test func enginesAgree_onRandomMessagesOfEveryLength() {
        let (buffer, ranges) = Self.randomMessages()
        for range in ranges {
            let digests = SHA256Engine.available.map { SHA256.hash(buffer[range], engine: $0) }
            #expect(Set(digests).count == 1, "\(range.count) bytes at offset \(range.lowerBound)")
        }
    }

    /// Each engine's digests of those 1,001 messages, hashed together, equal the value
    /// Python's hashlib computes over the same SplitMix64 bytes (an outside reference).
    @Test(arguments: SHA256Engine.available)
    func digestsOfRandomMessages_matchReference(engine: SHA256Engine) {
        let (buffer, ranges) = Self.randomMessages()
        var all = SHA256(engine: engine)
        for range in ranges { all.update(SHA256.hash(buffer[range], engine: engine)) }
        #expect(SHA256.hex(all.finalize()) == "a88bff7ac616a6c8d558f5a122365aec26cbf665edd5e1b531046a5d8194425b")
    }

    /// Streaming through `update` in uneven pieces gives the one-shot digest on every engine.
    @Test(arguments: SHA256Engine.available)
    func streamedPieces_matchOneShot(engine: SHA256Engine) {
        let (buffer, _) = Self.randomMessages()
        for piece in [1, 7, 63, 64, 65, 200] {
            var h = SHA256(engine: engine)
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + piece)
                h.update(buffer[start..<end])
                start = end
            }
            #expect(h.finalize() == SHA256.hash(buffer, engine: .software), "pieces of \(piece)")
        }
    }

    /// The chain hash of a line (replay's path, preferred engine) equals the software digest.
    @Test func chainHash_matchesSoftwareDigest() {
        let (buffer, ranges) = Self.randomMessages()
        for range in ranges where range.count % 61 == 0 {
            let line = buffer[range].withUnsafeBufferPointer { ChainHash.of(line: $0) }
            #expect(line == ChainHash(digest: SHA256.hash(buffer[range], engine: .software)))
        }
    }
}
