import Testing
@testable import ConsentService

@Suite struct TimeBoundTests {
    /// A UTC date-time with milliseconds parses to the epoch milliseconds.
    @Test func utcDateTime_parses() {
        #expect(TimeBound("2026-11-22T10:00:00.123Z")?.milliseconds == 1_795_341_600_123)
    }

    /// A full date means 00:00 UTC that day.
    @Test func fullDate_isMidnightUTC() {
        #expect(TimeBound("2026-11-22")?.milliseconds == 1_795_305_600_000)
    }

    /// An offset is applied (`+01:00` is one hour earlier in UTC).
    @Test func offset_isApplied() {
        #expect(TimeBound("2026-11-22T11:00:00+01:00")?.milliseconds == TimeBound("2026-11-22T10:00:00Z")?.milliseconds)
        #expect(TimeBound("2026-11-22T09:30:00-00:30")?.milliseconds == TimeBound("2026-11-22T10:00:00Z")?.milliseconds)
    }

    /// Fractions finer than a millisecond round up; shorter fractions scale.
    @Test func fraction_isRoundedUpToMilliseconds() {
        #expect(TimeBound("2026-11-22T10:00:00.1234Z")?.milliseconds == 1_795_341_600_124)
        #expect(TimeBound("2026-11-22T10:00:00.123000000Z")?.milliseconds == 1_795_341_600_123)
        #expect(TimeBound("2026-11-22T10:00:00.5Z")?.milliseconds == 1_795_341_600_500)
    }

    /// Anything outside the grammar is rejected.
    @Test(arguments: ["", "2026-11-22T10:00:00", "2026-11-22t10:00:00Z", "2026-11-22T10:00:60Z", "2026-02-29",
                      "2026-11-31", "2026-00-10", "2026-11-22T24:00:00Z", "2026-11-22T10:00:00.Z",
                      "2026-11-22T10:00:00.1234567890Z", "2026-11-22T10:00:00+0100", "2026-11-22T10:00:00Z ", "+2026-11-22",
                      "２０２６-11-22"])
    func malformed_isRejected(text: String) {
        #expect(TimeBound(text) == nil)
    }

    /// Leap days of leap years are accepted.
    @Test func leapDay_isAccepted() {
        #expect(TimeBound("2028-02-29") != nil)
    }

    /// Formatting gives RFC 3339 UTC with milliseconds, and round-trips.
    @Test func text_roundTrips() {
        let bound = TimeBound(milliseconds: 1_795_341_600_123)
        #expect(bound.text == "2026-11-22T10:00:00.123Z")
        #expect(TimeBound(bound.text) == bound)
    }
}
