import Testing
@testable import ConsentDomain

@Suite struct ISO8601DurationTests {
    /// Each designator parses to its component and fixed-length seconds (month 30 d, year 365 d).
    @Test(arguments: [
        ("P100D", 8_640_000), ("P1D", 86_400), ("P7D", 604_800), ("P30D", 2_592_000),
        ("P6M", 15_552_000), ("P3M", 7_776_000), ("P1Y", 31_536_000), ("P20Y", 630_720_000),
        ("PT12H", 43_200), ("PT30M", 1_800), ("PT45S", 45), ("P2W", 1_209_600), ("P0D", 0),
        ("P1Y2M3DT4H5M6S", 31_536_000 + 5_184_000 + 259_200 + 14_400 + 300 + 6),
    ])
    func parsesToFixedSeconds(text: String, seconds: Int) throws {
        #expect(try ISO8601Duration(parsing: text).totalSeconds == seconds)
    }

    /// A month is 30 days, so twelve months are shorter than one 365-day year.
    @Test func twelveMonthsAreShorterThanAYear() throws {
        #expect(try ISO8601Duration(parsing: "P12M").totalSeconds == 360 * 86_400)
        #expect(try ISO8601Duration(parsing: "P12M").totalSeconds < ISO8601Duration(parsing: "P1Y").totalSeconds)
    }

    /// Parsing then formatting gives the canonical text back.
    @Test(arguments: ["P100D", "P6M", "P1Y", "PT12H", "P1Y2M3DT4H5M6S", "P2W", "PT1M", "P1DT1S"])
    func formatsBackToTheSameText(text: String) throws {
        #expect(try ISO8601Duration(parsing: text).description == text)
    }

    /// Zero components are dropped when formatting; the zero duration is `P0D`.
    @Test func formatsCanonicalForm() throws {
        #expect(try ISO8601Duration(parsing: "P0Y5D").description == "P5D")
        #expect(ISO8601Duration().description == "P0D")
        #expect(try ISO8601Duration(parsing: "PT0S").description == "P0D")
    }

    /// Malformed texts are rejected with `.malformed`, never trapping.
    @Test(arguments: ["P", "PT", "100D", "p1d", "P1", "PD", "P1D2M", "P1H", "PT1D", "P1DT", "P-1D", "P1DT1H2H",
                      "P1Y1Y", " P1D", "P1D ", "P1TD", "PT1H1M1S1", "P1MT", "P+1D", "P１D"])
    func rejectsMalformedText(text: String) {
        #expect(throws: ISO8601DurationError.malformed(text)) { try ISO8601Duration(parsing: text) }
    }

    /// The empty string is its own error.
    @Test func rejectsEmptyText() {
        #expect(throws: ISO8601DurationError.empty) { try ISO8601Duration(parsing: "") }
    }

    /// Decimal fractions are refused explicitly (integer components only).
    @Test(arguments: ["P0.5D", "PT1,5H"])
    func rejectsFractions(text: String) {
        #expect(throws: ISO8601DurationError.fractionalValue(text)) { try ISO8601Duration(parsing: text) }
    }

    /// Nine digits are accepted; ten are refused before any overflow can happen.
    @Test func limitsComponentDigits() throws {
        #expect(try ISO8601Duration(parsing: "P999999999Y").years == 999_999_999)
        #expect(throws: ISO8601DurationError.componentTooLarge("P9999999999Y")) {
            try ISO8601Duration(parsing: "P9999999999Y")
        }
    }

    /// Very long input is rejected without scanning it all as a number.
    @Test func rejectsOverlongText() {
        let text = "P" + String(repeating: "1", count: 5_000) + "D"
        #expect(throws: ISO8601DurationError.malformed(text)) { try ISO8601Duration(parsing: text) }
    }

    /// The words form pluralises and lists components largest first.
    @Test func describesInWords() throws {
        #expect(try ISO8601Duration(parsing: "P100D").humanDescription == "100 days")
        #expect(try ISO8601Duration(parsing: "P1Y6M").humanDescription == "1 year 6 months")
        #expect(try ISO8601Duration(parsing: "PT1H").humanDescription == "1 hour")
        #expect(ISO8601Duration().humanDescription == "0 seconds")
    }
}
