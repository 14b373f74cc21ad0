import Foundation
import Testing
@testable import ConsentService

@Suite struct WireTimestampTests {
    /// Accepts exactly the openapi `DateTime` shapes: optional 1–9 digit fraction, `Z` or `±hh:mm`.
    @Test func acceptsOpenAPIDateTimeShapes() throws {
        for text in ["2026-11-22T10:00:00Z", "2026-11-22T10:00:00.1Z", "2026-11-22T10:00:00.123456789Z",
                     "2026-11-22T10:00:00+23:59", "2026-11-22T10:00:00.5-00:30", "0000-01-01T00:00:00Z"] {
            #expect(WireTimestamp.instant(Array(text.utf8)) != nil, "\(text)")
        }
    }

    /// Refuses everything outside the pattern: lower-case separators, 10 fraction digits, bad offsets, impossible days.
    @Test func refusesTextOutsideThePattern() {
        for text in ["2026-11-22t10:00:00Z", "2026-11-22T10:00:00z", "2026-11-22T10:00:00.1234567890Z",
                     "2026-11-22T10:00:00+24:00", "2026-11-22T10:00:00+01:60", "2026-11-22T10:00:00+0100",
                     "2026-11-22T10:00:00", "2026-02-29T10:00:00Z", "2100-02-29T00:00:00Z", "2026-11-22T10:00:00Z ",
                     "2026-11-22 10:00:00Z", "+2026-11-22T10:00:00Z", ""] {
            #expect(WireTimestamp.instant(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// The fraction is kept to the nanosecond and the offset is subtracted to reach UTC.
    @Test func keepsNanosecondsAndAppliesOffset() throws {
        let instant = try #require(WireTimestamp.instant(Array("1970-01-01T01:00:01.000000001+01:00".utf8)))
        #expect(instant.seconds == 1)
        #expect(instant.nanoseconds == 1)
        #expect(instant.millisecondsRoundedUp == 1_001)
        let west = try #require(WireTimestamp.instant(Array("1969-12-31T23:00:00.25-01:00".utf8)))
        #expect(west.seconds == 0)
        #expect(west.nanoseconds == 250_000_000)
        #expect(west.millisecondsRoundedUp == 250)
    }

    /// Formatting floors to milliseconds and writes UTC; parsing the written text gives the same milliseconds.
    @Test func formatThenParseRoundTrips() throws {
        let date = Date(timeIntervalSince1970: 1_795_344_855.123_9)
        let text = WireTimestamp.format(date)
        #expect(text == "2026-11-22T10:54:15.123Z")
        let back = try #require(WireTimestamp.instant(Array(text.utf8)))
        #expect(back.millisecondsRoundedUp == 1_795_344_855_123)
    }
}
