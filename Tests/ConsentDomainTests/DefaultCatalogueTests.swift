import Testing
@testable import ConsentDomain

@Suite struct DefaultCatalogueTests {
    let catalogue = DefaultCatalogue.catalogue

    /// The seed table has 41 cookies.
    @Test func hasFortyOneCookies() {
        #expect(catalogue.cookies.count == 41)
    }

    /// 22 essential, 12 functionality (7 + the 5 "Feature"), 7 analytics, 0 targeting.
    @Test func countsCookiesPerCategory() {
        let counts = Dictionary(grouping: catalogue.cookies, by: \.category).mapValues(\.count)
        #expect(counts[.essential] == 22)
        #expect(counts[.functionality] == 12)
        #expect(counts[.analytics] == 7)
        #expect(counts[.targeting] == nil)
    }

    /// The five "Feature" rows are functionality and keep "Feature" as their source label; no other row keeps one.
    @Test func keepsFeatureAsSourceCategoryOnly() {
        let aliased = catalogue.cookies.filter { $0.sourceCategory != nil }
        #expect(aliased.count == 5)
        #expect(aliased.allSatisfy { $0.sourceCategory == "Feature" && $0.category == .functionality })
    }

    /// 11 session, 29 persistent, 1 until-replaced.
    @Test func countsCookiesPerDurationKind() {
        let counts = Dictionary(grouping: catalogue.cookies, by: \.duration.kind).mapValues(\.count)
        #expect(counts["session"] == 11)
        #expect(counts["persistent"] == 29)
        #expect(counts["until-replaced"] == 1)
    }

    /// Ids are unique and URL-safe.
    @Test func hasUniqueURLSafeIDs() {
        let ids = catalogue.cookies.map(\.id)
        #expect(Set(ids).count == 41)
        #expect(ids.allSatisfy { CatalogueLimits().isValidID($0) && $0 == $0.lowercased() })
    }

    /// Repeated names get distinct, stable ids.
    @Test func givesRepeatedNamesDistinctIDs() {
        #expect(catalogue.cookie(id: "support-cfduid-1")?.purpose == "Cloudflare client security settings for Twilio assets.")
        #expect(catalogue.cookie(id: "support-cfduid-2")?.purpose == "Security settings per Cloudflare client for outgoing assets.")
        #expect(catalogue.cookie(id: "support-zendesk-session")?.services == ["Support"])
        #expect(catalogue.cookie(id: "guide-zendesk-session")?.services == ["Guide"])
        #expect(catalogue.entries(matching: "__cfduid").map(\.id) == ["support-cfduid-1", "support-cfduid-2", "guide-cfduid"])
    }

    /// "Support, Guide" is two services; the one lower-case "Developer portal" takes the majority spelling.
    @Test func normalisesServices() {
        #expect(catalogue.cookie(id: "support-guide-pot")?.services == ["Support", "Guide"])
        let portal = catalogue.cookies.filter { $0.id.hasPrefix("portal-") }
        #expect(portal.count == 4)
        #expect(portal.allSatisfy { $0.services == ["All products/Developer Portal"] })
        #expect(catalogue.cookie(id: "all-cf-bm")?.services == ["All products"])
    }

    /// The seed's patterns are normalised and match concrete names.
    @Test func normalisesPatterns() {
        #expect(catalogue.cookie(id: "guide-hc-preview")?.name.description == "hc-{user_identifier}-preview")
        #expect(catalogue.entries(matching: "hc-42-preview").map(\.id) == ["guide-hc-preview"])
        #expect(catalogue.entries(matching: "_pendo_meta.abc").map(\.id) == ["portal-pendo-meta"])
        #expect(catalogue.cookies.filter { !$0.name.isLiteral }.count == 7)
    }

    /// Nine cookies outlive 13 months (2, 3 and 20 years) and one never expires.
    @Test func lintsLongLivedCookies() {
        let long = catalogue.cookies.filter { $0.lint.contains(.exceedsThirteenMonths) }.map(\.id)
        #expect(Set(long) == ["support-zendesk-cookie", "guide-zendesk-cookie", "support-guide-consent", "support-guide-apisid",
                              "support-guide-hsid", "support-guide-sapisid", "support-guide-sid", "support-guide-ssid",
                              "support-ob-pub"])
        #expect(catalogue.cookies.filter { $0.lint.contains(.neverExpires) }.map(\.id) == ["support-ob"])
    }

    /// The four categories carry the policy's names, in banner order.
    @Test func describesFourCategoriesInBannerOrder() {
        #expect(catalogue.categories.map(\.category) == [.essential, .functionality, .analytics, .targeting])
        #expect(catalogue.categories.map(\.name) == ["Essential cookies", "Functionality or preference cookies",
                                                     "Analytical cookies", "Targeting or advertising cookies"])
        #expect(catalogue.categories.allSatisfy { $0.description.count > 100 })
    }

    /// The built-in version is 16 lower-case hex digits and identical on every build of the table.
    @Test func hasStableVersion() {
        #expect(CatalogueArchive.isValidVersion(catalogue.version))
        let rebuilt = Catalogue(categories: catalogue.categories, cookies: catalogue.cookies)
        #expect(rebuilt.version == catalogue.version)
    }
}
