import Foundation
import Testing
@testable import ConsentDomain

@Suite struct HashChainTests {
    /// The first record carries 64 zeros; each later `prev` is the SHA-256 of the previous line without its newline.
    @Test func chainsEachLineToThePreviousOne() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        let records = try await appendMany(log, count: 5)
        log.close()
        let lines = dir.bytes(of: try #require(dir.segments().first)).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        #expect(records[0].prev == String(repeating: "0", count: 64))
        for i in 1..<5 {
            #expect(records[i].prev == SHA256.hexHash(Array(lines[i - 1])))
        }
    }

    /// A hash prints as 64 lower-case hex digits and parses back.
    @Test func hashHexRoundTrips() throws {
        let hash = ChainHash(digest: SHA256.hash(Array("abc".utf8)))
        #expect(hash.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ChainHash(hex: hash.hex) == hash)
        #expect(ChainHash(hex: hash.hex.uppercased()) == nil)
    }

    /// The hex of any four words is each word in 16 zero-padded lower-case digits (random words, all
    /// nibble values, zeros and ones), appended or as a string, and parses back.
    @Test func hexIsEachWordInSixteenDigits() throws {
        var rng = SplitMix64(seed: 4)
        var cases: [(UInt64, UInt64, UInt64, UInt64)] = [(0, 0, 0, 0), (.max, .max, .max, .max),
                                                          (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, 0xA, 0xF000_0000_0000_0009)]
        for _ in 0..<500 { cases.append((rng.next(), rng.next(), rng.next(), rng.next())) }
        for words in cases {
            let hash = ChainHash(words: words)
            let expected = [words.0, words.1, words.2, words.3].map { word in
                let digits = String(word, radix: 16)
                return String(repeating: "0", count: 16 - digits.count) + digits
            }.joined()
            #expect(hash.hex == expected)
            var appended: [UInt8] = [0x41]
            hash.appendHex(to: &appended)
            #expect(appended == [0x41] + Array(expected.utf8))
            #expect(ChainHash(hex: expected) == hash)
        }
    }

    /// `history` returns each record's own line hash, which is the next record's `prev`.
    @Test func historyHashesLinkToTheNextRecord() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir)
        defer { log.close() }
        try await appendMany(log, count: 3, visitors: 1)
        let history = try log.history(for: VisitorID(rawValue: "visitor-0000")!)
        #expect(history.map(\.record.sequence) == [1, 2, 3])
        #expect(history[1].record.prev == history[0].hash)
        #expect(history[2].record.prev == history[1].hash)
        #expect(history[2].hash == SHA256.hexHash(history[2].line))
        #expect(log.stats.headHash == history[2].hash)
    }
}
