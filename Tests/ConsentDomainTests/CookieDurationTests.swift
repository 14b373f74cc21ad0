import Testing
@testable import ConsentDomain

@Suite struct CookieDurationTests {
    /// Every persistent label in the seed table maps to its ISO 8601 form and seconds, keeping the label.
    @Test(arguments: [
        ("One day", "P1D", 86_400), ("7 days", "P7D", 604_800), ("10 days", "P10D", 864_000),
        ("30 days", "P30D", 2_592_000), ("100 days", "P100D", 8_640_000), ("3 months", "P3M", 7_776_000),
        ("6 months", "P6M", 15_552_000), ("1 year", "P1Y", 31_536_000), ("1 year old", "P1Y", 31_536_000),
        ("2 years", "P2Y", 63_072_000), ("3 years", "P3Y", 94_608_000), ("20 years old", "P20Y", 630_720_000),
    ])
    func readsEverySeedPersistentLabel(label: String, iso: String, seconds: Int) throws {
        #expect(try CookieDuration(label: label) == .persistent(iso8601: iso, seconds: seconds, label: label))
    }

    /// "Session" and "session" (both in the seed) are session durations keeping their spelling.
    @Test(arguments: ["Session", "session"])
    func readsSessionLabels(label: String) throws {
        #expect(try CookieDuration(label: label) == .session(label: label))
    }

    /// The seed's no-expiration label is until-replaced.
    @Test func readsNoExpirationLabel() throws {
        let label = "No expiration, replaced on login or session change"
        #expect(try CookieDuration(label: label) == .untilReplaced(label: label))
    }

    /// Case and extra whitespace do not matter; the label is kept trimmed and collapsed.
    @Test func ignoresCaseAndWhitespace() throws {
        #expect(try CookieDuration(label: "  ONE   Day ") == .persistent(iso8601: "P1D", seconds: 86_400, label: "ONE Day"))
        #expect(try CookieDuration(label: "\tSESSION\n") == .session(label: "SESSION"))
    }

    /// An ISO 8601 duration is accepted as a label and labelled in words.
    @Test func readsISODurationAsLabel() throws {
        #expect(try CookieDuration(label: "P100D") == .persistent(iso8601: "P100D", seconds: 8_640_000, label: "100 days"))
        #expect(try CookieDuration(label: "PT12H") == .persistent(iso8601: "PT12H", seconds: 43_200, label: "12 hours"))
    }

    /// Other units and word counts of the same grammar.
    @Test func readsOtherUnitsOfTheGrammar() throws {
        #expect(try CookieDuration(label: "2 weeks").lifetimeSeconds == 1_209_600)
        #expect(try CookieDuration(label: "12 hours").lifetimeSeconds == 43_200)
        #expect(try CookieDuration(label: "30 minutes").lifetimeSeconds == 1_800)
        #expect(try CookieDuration(label: "twelve months").lifetimeSeconds == 360 * 86_400)
    }

    /// Unknown labels are errors, not guesses.
    @Test(arguments: ["forever", "", "0 days", "-1 days", "1 fortnight", "about a year", "1 year young", "1.5 years",
                      "days 7", "1 year old old", "P", "p1d", "10000000000 days", "persistent", "No expirations"])
    func rejectsUnknownLabels(label: String) {
        let trimmed = label.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(throws: CookieDurationLabelError.unknownLabel(trimmed)) { try CookieDuration(label: label) }
    }

    /// Session lasts 0 s (the shortest); until-replaced has no bound.
    @Test func reportsLifetimes() throws {
        #expect(CookieDuration.session(label: "Session").lifetimeSeconds == 0)
        #expect(CookieDuration.untilReplaced(label: "x").lifetimeSeconds == nil)
        #expect(try CookieDuration(label: "6 months").lifetimeSeconds == 15_552_000)
    }

    /// The kind strings are the API's `duration` filter values.
    @Test func namesKinds() {
        #expect(CookieDuration.session(label: "s").kind == "session")
        #expect(CookieDuration.persistent(iso8601: "P1D", seconds: 86_400, label: "d").kind == "persistent")
        #expect(CookieDuration.untilReplaced(label: "u").kind == "until-replaced")
    }
}
