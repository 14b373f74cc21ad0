import Foundation
import Testing
@testable import ConsentDomain

@Suite struct LogTimestampTests {
    /// A known instant is written as RFC 3339 UTC with exactly three fraction digits.
    @Test func formatsKnownInstant() {
        // 2026-11-22T04:24:34.123Z
        let ms = CivilDate.daysFromCivil(year: 2026, month: 11, day: 22) * 86_400_000 + (4 * 3600 + 24 * 60 + 34) * 1000 + 123
        #expect(LogTimestamp.string(ms) == "2026-11-22T04:24:34.123Z")
    }
    /// The epoch and a leap day format correctly.
    @Test func formatsEpochAndLeapDay() {
        #expect(LogTimestamp.string(0) == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp.string(CivilDate.daysFromCivil(year: 2024, month: 2, day: 29) * 86_400_000) == "2024-02-29T00:00:00.000Z")
    }
    /// Formatting then parsing gives back the same milliseconds over a wide range.
    @Test func roundTripsManyInstants() {
        var ms: Int64 = -86_400_000 * 400
        while ms < 4_102_444_800_000 {
            let text = Array(LogTimestamp.string(ms).utf8)
            #expect(text.withUnsafeBufferPointer { LogTimestamp.parse($0) } == ms)
            ms += 7_777_777_777
        }
    }
    /// Agrees with Foundation's ISO 8601 formatter.
    @Test func agreesWithFoundation() {
        let date = Date(timeIntervalSince1970: 1_790_000_000.5)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(LogTimestamp.string(LogTimestamp.milliseconds(date)) == formatter.string(from: date))
    }
    /// Impossible dates and other shapes are refused.
    @Test func rejectsMalformedText() {
        for text in ["2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-11-22T24:00:00.000Z",
                     "2026-11-22T04:24:34Z", "2026-11-22 04:24:34.123Z", "2026-11-22T04:24:34.123+", "2026-1a-22T04:24:34.123Z"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { LogTimestamp.parse($0) } == nil, "\(text)")
        }
    }
}
