import Testing
@testable import ConsentDomain

@Suite struct CatalogueServiceNamesTests {
    /// A comma separates services; a slash does not.
    @Test func splitsOnCommasOnly() {
        #expect(ServiceNames.split("Support, Guide") == ["Support", "Guide"])
        #expect(ServiceNames.split("All products/Developer Portal") == ["All products/Developer Portal"])
        #expect(ServiceNames.split(" Support ,, Guide , ") == ["Support", "Guide"])
        #expect(ServiceNames.split("Support, support") == ["Support"])
        #expect(ServiceNames.split("") == [])
    }

    /// Spellings that differ by case become the most frequent one across the catalogue.
    @Test func unifiesToMajoritySpelling() {
        let cookies = ["Dev Portal", "Dev portal", "Dev Portal", "Other"].enumerated().map { i, service in
            Cookie(id: "c\(i)", name: CookieNamePattern(literal: "n\(i)"), services: [service], category: .analytics,
                   purpose: "p", duration: .session(label: "Session"))
        }
        #expect(ServiceNames.unifySpellings(cookies).map(\.services) == [["Dev Portal"], ["Dev Portal"], ["Dev Portal"], ["Other"]])
    }

    /// On a tie, the spelling seen first wins.
    @Test func breaksTiesByFirstSeen() {
        let cookies = ["b portal", "B Portal"].enumerated().map { i, service in
            Cookie(id: "c\(i)", name: CookieNamePattern(literal: "n\(i)"), services: [service], category: .analytics,
                   purpose: "p", duration: .session(label: "Session"))
        }
        #expect(ServiceNames.unifySpellings(cookies).map(\.services) == [["b portal"], ["b portal"]])
    }
}
