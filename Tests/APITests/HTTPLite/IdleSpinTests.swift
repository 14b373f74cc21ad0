import Testing

@testable import HTTPLite

/// The event loops' polling window (`ServerConfiguration.idleSpin`) as the loops receive it.
@Suite struct IdleSpinTests {
    /// Durations become whole nanoseconds; negative ones are 0 and huge ones stop at `Int64.max`.
    @Test func nanoseconds_areWhole_clampedAtBothEnds() {
        #expect(HTTPServer.nanoseconds(.microseconds(20)) == 20_000)
        #expect(HTTPServer.nanoseconds(.nanoseconds(1_500)) == 1_500)
        #expect(HTTPServer.nanoseconds(.seconds(2) + .nanoseconds(7)) == 2_000_000_007)
        #expect(HTTPServer.nanoseconds(.zero) == 0)
        #expect(HTTPServer.nanoseconds(.microseconds(-5)) == 0)
        #expect(HTTPServer.nanoseconds(.seconds(Int64.max)) == Int64.max)
    }

    /// The monotonic clock never goes backwards between two reads.
    @Test func monotonicNanoseconds_neverDecrease() {
        var last = monotonicNanoseconds()
        for _ in 0..<1_000 {
            let now = monotonicNanoseconds()
            #expect(now >= last)
            last = now
        }
    }
}
