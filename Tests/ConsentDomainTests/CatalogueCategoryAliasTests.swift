import Testing
@testable import ConsentDomain

@Suite struct CatalogueCategoryAliasTests {
    /// Every category label of the seed (cookie table and category table) maps to its canonical category.
    @Test(arguments: [
        ("Essential", CookieCategory.essential), ("strictly necessary", .essential), ("Essential cookies", .essential),
        ("Functionality", .functionality), ("preference", .functionality), ("Feature", .functionality),
        ("Functionality or preference cookies", .functionality),
        ("Analytics", .analytics), ("Analytical", .analytics), ("Analytical cookies", .analytics),
        ("Targeting", .targeting), ("advertising", .targeting), ("Targeting or advertising cookies", .targeting),
    ])
    func mapsSeedLabels(label: String, category: CookieCategory) {
        #expect(CategoryAlias.category(for: label) == category)
    }

    /// Matching ignores case and whitespace.
    @Test func ignoresCaseAndWhitespace() {
        #expect(CategoryAlias.category(for: "  STRICTLY   Necessary ") == .essential)
        #expect(CategoryAlias.category(for: "fEaTuRe") == .functionality)
    }

    /// Unknown labels are `nil`, never guessed (in particular never essential).
    @Test(arguments: ["", "cookies", "Performance", "Marketing", "Essentials", "Feature cookie jar", "necessary-ish", "social"])
    func refusesUnknownLabels(label: String) {
        #expect(CategoryAlias.category(for: label) == nil)
    }

    /// The raw label is kept only when it is not the canonical id itself.
    @Test func keepsSourceCategoryOnlyForAliases() {
        #expect(CategoryAlias.sourceCategory(for: "Essential") == nil)
        #expect(CategoryAlias.sourceCategory(for: "ANALYTICS") == nil)
        #expect(CategoryAlias.sourceCategory(for: " functionality ") == nil)
        #expect(CategoryAlias.sourceCategory(for: "Feature") == "Feature")
        #expect(CategoryAlias.sourceCategory(for: "Analytical") == "Analytical")
        #expect(CategoryAlias.sourceCategory(for: "  strictly  necessary ") == "strictly necessary")
        #expect(CategoryAlias.sourceCategory(for: "Analytics cookies") == "Analytics cookies")
        #expect(CategoryAlias.sourceCategory(for: "Marketing") == nil)
    }
}
