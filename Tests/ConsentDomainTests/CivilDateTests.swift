import Foundation
import Testing
@testable import ConsentDomain

@Suite struct CivilDateTests {
    private func timestamp(_ ms: Int64) -> String {
        var out: [UInt8] = []
        CivilDate.appendTimestamp(milliseconds: ms, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The epoch, a leap day, the day after a non-leap century end and a pre-epoch date map to their day numbers.
    @Test func knownDatesHaveKnownDayNumbers() {
        #expect(CivilDate.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.daysFromCivil(year: 2000, month: 2, day: 29) == 11_016)
        #expect(CivilDate.daysFromCivil(year: 2100, month: 3, day: 1) == 47_541)
        #expect(CivilDate.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.daysFromCivil(year: 0, month: 1, day: 1) == -719_528)
        #expect(CivilDate.civil(fromDays: 11_016) == (2000, 2, 29))
        #expect(CivilDate.civil(fromDays: 47_541) == (2100, 3, 1))
        #expect(CivilDate.civil(fromDays: 47_540) == (2100, 2, 28))
        #expect(CivilDate.civil(fromDays: -1) == (1969, 12, 31))
        #expect(CivilDate.civil(fromDays: -719_528) == (0, 1, 1))
        #expect(CivilDate.civil(fromDays: -719_529) == (-1, 12, 31))
    }

    /// Month lengths follow the Gregorian leap rule (every 4th year, not centuries unless divisible by 400).
    @Test func monthLengthsFollowLeapRule() {
        #expect(CivilDate.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 2100) == 28)
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 2026) == 28)
        #expect(CivilDate.daysIn(month: 4, year: 2026) == 30)
        #expect(CivilDate.daysIn(month: 12, year: 2026) == 31)
    }

    /// Every day from 1600 to 2500 round-trips, and consecutive days are consecutive dates.
    @Test func roundTripsEveryDayOverCenturies() {
        let first = CivilDate.daysFromCivil(year: 1600, month: 1, day: 1)
        let last = CivilDate.daysFromCivil(year: 2500, month: 12, day: 31)
        var expected = (year: Int64(1600), month: Int64(1), day: Int64(1))
        for days in first...last {
            let civil = CivilDate.civil(fromDays: days)
            guard civil == expected else {
                Issue.record("day \(days): \(civil) != \(expected)")
                return
            }
            #expect(CivilDate.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
            if expected.day < CivilDate.daysIn(month: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
    }

    /// The timestamp writer emits the fixed 24-byte UTC form, flooring instants before the epoch.
    @Test func writesFixedWidthTimestamps() {
        #expect(timestamp(0) == "1970-01-01T00:00:00.000Z")
        #expect(timestamp(-1) == "1969-12-31T23:59:59.999Z")
        #expect(timestamp(CivilDate.daysFromCivil(year: 2000, month: 2, day: 29) * 86_400_000 + 45_296_789)
                == "2000-02-29T12:34:56.789Z")
        #expect(timestamp(1_795_344_855_123) == "2026-11-22T10:54:15.123Z")
        #expect(timestamp(1_795_344_855_123).utf8.count == CivilDate.timestampLength)
    }

    /// Instants outside years 0000…9999 are clamped instead of widening the text.
    @Test func clampsOutOfRangeInstants() {
        #expect(timestamp(Int64.max) == "9999-12-31T23:59:59.999Z")
        #expect(timestamp(Int64.min) == "0000-01-01T00:00:00.000Z")
        var date: [UInt8] = []
        CivilDate.appendDate(days: 1_000_000_000, to: &date)
        #expect(String(decoding: date, as: UTF8.self) == "9999-12-31")
    }

    /// The timestamp writer agrees with Foundation's ISO 8601 formatter from 1900 to 2100 (half-second instants, exact in `Double`).
    @Test func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var ms: Int64 = -2_208_988_799_500
        while ms < 4_102_444_800_000 {
            #expect(timestamp(ms) == formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1_000)))
            ms += 98_765_432_000
        }
    }
}
