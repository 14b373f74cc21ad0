import Testing
@testable import ConsentDomain

@Suite struct CatalogueVersionTests {
    static func cookie(id: String = "a", name: String = "_ga", services: [String] = ["S"], category: CookieCategory = .analytics,
                       sourceCategory: String? = nil, purpose: String = "p",
                       duration: CookieDuration = .persistent(iso8601: "P1D", seconds: 86_400, label: "One day")) -> Cookie {
        Cookie(id: id, name: CookieNamePattern(literal: name), services: services, category: category,
               sourceCategory: sourceCategory, purpose: purpose, duration: duration)
    }

    static func catalogue(_ cookies: [Cookie], categories: [CategoryInfo] = DefaultCatalogue.categories) -> Catalogue {
        Catalogue(categories: categories, cookies: cookies + [cookie(id: "ess", name: "sid", category: .essential)])
    }

    /// The built-in catalogue's version is pinned: logs and archives written by earlier releases
    /// name it, so a change in the canonical form (escaping included) must be deliberate.
    @Test func builtInVersionIsStable() {
        #expect(DefaultCatalogue.catalogue.version == "de9ebc5275d45be3")
    }

    /// The canonical form quotes each text and escapes backslash, quote and LF, each LF also
    /// inside a CR LF pair (scalar by scalar).
    @Test func canonicalFormEscapesQuotesBackslashesAndLineFeeds() {
        let form = Catalogue.canonicalForm(category: .analytics, info: nil,
                                           cookies: [Self.cookie(purpose: "a\"b\\c\nd\r\ne")])
        #expect(form.contains(#" "a\"b\\c\nd\#r\ne" "#))
    }

    /// The same content gives the same version, however often it is built.
    @Test func sameContentSameVersion() {
        #expect(Self.catalogue([Self.cookie()]).version == Self.catalogue([Self.cookie()]).version)
        #expect(Self.catalogue([Self.cookie()]).categoryVersions == Self.catalogue([Self.cookie()]).categoryVersions)
    }

    /// Any single field change gives a different catalogue version.
    @Test(arguments: [
        cookie(id: "b"), cookie(name: "_gb"), cookie(services: ["T"]), cookie(services: ["S", "T"]),
        cookie(sourceCategory: "Analytical"), cookie(purpose: "q"),
        cookie(duration: .persistent(iso8601: "P2D", seconds: 172_800, label: "One day")),
        cookie(duration: .persistent(iso8601: "P1D", seconds: 86_400, label: "1 day")),
        cookie(duration: .session(label: "Session")), cookie(duration: .untilReplaced(label: "One day")),
        cookie(category: .targeting),
    ])
    func anyFieldChangeChangesVersion(changed: Cookie) {
        #expect(Self.catalogue([changed]).version != Self.catalogue([Self.cookie()]).version)
    }

    /// A placeholder and a literal that render the same text are still different names.
    @Test func patternDiffersFromLiteral() {
        let literal = Self.cookie(name: "x.{K}")
        let pattern = Cookie(id: literal.id, name: CookieNamePattern(parts: [.literal("x."), .placeholder("K")]),
                             services: literal.services, category: literal.category, purpose: literal.purpose,
                             duration: literal.duration)
        #expect(literal.name.description == pattern.name.description)
        #expect(Self.catalogue([literal]).version != Self.catalogue([pattern]).version)
    }

    /// Changing a category's description changes only that category's version.
    @Test func categoryTextChangesOnlyThatCategory() {
        var infos = DefaultCatalogue.categories
        infos[2] = CategoryInfo(category: .analytics, name: infos[2].name, description: "Changed.")
        let before = Self.catalogue([Self.cookie()])
        let after = Self.catalogue([Self.cookie()], categories: infos)
        #expect(after.changedCategories(since: before.categoryVersions) == [.analytics])
        #expect(after.version != before.version)
    }

    /// Changing an analytics cookie changes the analytics version and no other.
    @Test func cookieChangeTouchesOnlyItsCategory() {
        let before = Self.catalogue([Self.cookie()])
        let after = Self.catalogue([Self.cookie(purpose: "new purpose")])
        #expect(after.changedCategories(since: before.categoryVersions) == [.analytics])
        #expect(after.categoryVersions[.essential] == before.categoryVersions[.essential])
    }

    /// Moving a cookie between categories changes both categories' versions.
    @Test func movingACookieTouchesBothCategories() {
        let before = Self.catalogue([Self.cookie()])
        let after = Self.catalogue([Self.cookie(category: .functionality)])
        #expect(after.changedCategories(since: before.categoryVersions) == [.functionality, .analytics])
    }

    /// Recorded versions equal to the catalogue's give no change; one missing or one different
    /// category is reported, and only that one.
    @Test func changedCategoriesComparesEveryRecordedVersion() {
        let catalogue = Self.catalogue([Self.cookie()])
        #expect(catalogue.changedCategories(since: catalogue.categoryVersions) == [])
        var missing = catalogue.categoryVersions
        missing[.targeting] = nil
        #expect(catalogue.changedCategories(since: missing) == [.targeting])
        var different = catalogue.categoryVersions
        different[.functionality] = "0000000000000000"
        #expect(catalogue.changedCategories(since: different) == [.functionality])
        var extra = missing
        extra[.functionality] = nil
        #expect(catalogue.changedCategories(since: extra) == [.functionality, .targeting])
    }

    /// Versions are 16 lower-case hex digits, per catalogue and per category.
    @Test func versionsAreSixteenHexDigits() {
        let catalogue = Self.catalogue([Self.cookie()])
        #expect(CatalogueArchive.isValidVersion(catalogue.version))
        #expect(catalogue.categoryVersions.count == 4)
        #expect(catalogue.categoryVersions.values.allSatisfy(CatalogueArchive.isValidVersion))
    }

    /// Text that could collide if fields were merely concatenated does not collide.
    @Test func fieldBoundariesAreUnambiguous() {
        let a = Self.catalogue([Self.cookie(name: "ab", purpose: "c")])
        let b = Self.catalogue([Self.cookie(name: "a", purpose: "bc")])
        #expect(a.version != b.version)
        let c = Self.catalogue([Self.cookie(services: ["a,b"])])
        let d = Self.catalogue([Self.cookie(services: ["a", "b"])])
        #expect(c.version != d.version)
    }
}
