import Testing
@testable import ConsentDomain

@Suite struct CatalogueLintTests {
    /// Longer than 13 months (390 days) is flagged; exactly 390 days is not.
    @Test func flagsOnlyBeyondThirteenMonths() throws {
        #expect(CookieLint.flags(for: try CookieDuration(label: "P390D")) == [])
        #expect(CookieLint.flags(for: try CookieDuration(label: "P391D")) == [.exceedsThirteenMonths])
        #expect(CookieLint.flags(for: try CookieDuration(label: "13 months")) == [])
        #expect(CookieLint.flags(for: try CookieDuration(label: "14 months")) == [.exceedsThirteenMonths])
    }

    /// The seed's long labels are flagged and its one-year labels are not.
    @Test(arguments: [("20 years old", true), ("2 years", true), ("3 years", true), ("1 year", false), ("1 year old", false),
                      ("6 months", false), ("100 days", false)])
    func flagsSeedLabels(label: String, flagged: Bool) throws {
        #expect(CookieLint.flags(for: try CookieDuration(label: label)).contains(.exceedsThirteenMonths) == flagged)
    }

    /// Until-replaced is flagged as never expiring (only); session is never flagged.
    @Test func flagsNeverExpiringAndNotSession() {
        #expect(CookieLint.flags(for: .untilReplaced(label: "x")) == [.neverExpires])
        #expect(CookieLint.flags(for: .session(label: "Session")) == [])
    }

    /// The wire strings are stable.
    @Test func usesStableWireNames() {
        #expect(CookieLint.exceedsThirteenMonths.rawValue == "exceeds-13-months")
        #expect(CookieLint.neverExpires.rawValue == "never-expires")
    }
}
