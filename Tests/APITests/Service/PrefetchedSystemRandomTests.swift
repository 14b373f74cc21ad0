import Testing
@testable import ConsentService

@Suite struct PrefetchedSystemRandomTests {
    /// The prefetched words and the fallback draws after them are all distinct (64-bit collisions are ~2⁻⁶⁰ here).
    @Test func draws_areDistinctAcrossPrefetchAndFallback() {
        var generator = PrefetchedSystemRandom()
        let draws = (0..<8).map { _ in generator.next() }
        #expect(Set(draws).count == 8)
    }

    /// Two generators do not repeat each other's prefetched words.
    @Test func generators_doNotShareWords() {
        var a = PrefetchedSystemRandom(), b = PrefetchedSystemRandom()
        let first = (0..<4).map { _ in a.next() }, second = (0..<4).map { _ in b.next() }
        #expect(Set(first).isDisjoint(with: second))
    }
}
