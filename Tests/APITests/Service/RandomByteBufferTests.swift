import Foundation
import Synchronization
import Testing
@testable import ConsentService

@Suite struct RandomByteBufferTests {
    /// Words come from the fill in order, each once; the buffer is refilled exactly when used up,
    /// including across a refill boundary in the middle of a draw sequence.
    @Test func words_comeInOrderAndRefillAcrossTheBoundary() {
        var fills = 0
        let buffer = RandomByteBuffer(capacity: 16) { storage in
            fills += 1
            for word in 0..<storage.count / 8 {
                storage.storeBytes(of: UInt64(fills * 100 + word), toByteOffset: word * 8, as: UInt64.self)
            }
        }
        #expect(fills == 0)
        let draws = (0..<5).map { _ in buffer.nextWord() }
        #expect(draws == [100, 101, 200, 201, 300])
        #expect(fills == 3)
    }

    /// A capacity that is not a whole number of words is rounded up; zero still holds one word.
    @Test func capacity_isRoundedUpToWholeWords() {
        var fills = 0
        let buffer = RandomByteBuffer(capacity: 0) { storage in
            fills += 1
            #expect(storage.count == 8)
            storage.storeBytes(of: UInt64(fills), as: UInt64.self)
        }
        #expect([buffer.nextWord(), buffer.nextWord()] == [1, 2])
    }

    /// Kernel-filled words are distinct across more than one refill (64-bit collisions are ~2⁻⁴⁰ here).
    @Test func kernelWords_areDistinctAcrossRefills() {
        let buffer = RandomByteBuffer(capacity: 64)
        let draws = (0..<1_000).map { _ in buffer.nextWord() }
        #expect(Set(draws).count == draws.count)
    }

    /// Consent ids from the thread's buffer are distinct version-4 UUIDs (version nibble 4, variant
    /// 10xx), across the buffer's refill boundary (4 KiB = 256 ids' worth of two words each).
    @Test func threadRandomIDs_areDistinctVersion4UUIDs() {
        var generator = ThreadRandom()
        let ids = (0..<1_000).map { _ in ConsentWire.randomConsentID(using: &generator) }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        }
    }

    /// Two threads draw from different buffers: their words do not repeat each other's.
    @Test func threads_doNotShareWords() {
        let collected = Mutex<[[UInt64]]>([])
        let finished = DispatchSemaphore(value: 0)
        let threads = (0..<2).map { _ in
            Thread {
                var generator = ThreadRandom()
                let words = (0..<600).map { _ in generator.next() }
                collected.withLock { $0.append(words) }
                finished.signal()
            }
        }
        threads.forEach { $0.start() }
        finished.wait()
        finished.wait()
        let sets = collected.withLock { $0.map(Set.init) }
        #expect(sets[0].count == 600 && sets[1].count == 600)
        #expect(sets[0].isDisjoint(with: sets[1]))
    }
}
