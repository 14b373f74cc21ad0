import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

/// A small catalogue with one cookie of each duration kind, a pattern, an aliased category and
/// a purpose that needs escaping. Shared by the catalogue wire and route tests.
enum CatalogueFixture {
    /// Quotes, a backslash, a slash, `</script>`, a newline, a tab, a control character and non-ASCII text.
    static let trickyPurpose = "Says \"hi\" \\ a/b </script>\nnext\tline \u{01} é ✓"

    static let catalogue = Catalogue(
        categories: [
            CategoryInfo(category: .essential, name: "Essential cookies", description: "Needed for the site to work."),
            CategoryInfo(category: .functionality, name: "Functionality cookies", description: "Remember choices."),
            CategoryInfo(category: .analytics, name: "Analytical cookies", description: "Count visits."),
            CategoryInfo(category: .targeting, name: "Targeting cookies", description: "Advertising."),
        ],
        cookies: [
            Cookie(id: "support-zendesk-session", name: CookieNamePattern(literal: "_zendesk_session"), services: ["Support"],
                   category: .essential, purpose: "Session data.", duration: .session(label: "Session")),
            Cookie(id: "guide-hc-preview", name: CookieNamePattern(braced: "hc-{user_identifier}-preview"), services: ["Guide"],
                   category: .functionality, sourceCategory: "Feature", purpose: "Preview data.",
                   duration: .persistent(iso8601: "P1D", seconds: 86_400, label: "One day")),
            Cookie(id: "analytics-ga", name: CookieNamePattern(literal: "_ga"), services: ["Google Analytics", "Support"],
                   category: .analytics, purpose: trickyPurpose,
                   duration: .persistent(iso8601: "P2Y", seconds: 63_072_000, label: "2 years")),
            Cookie(id: "ads-token", name: CookieNamePattern(literal: "ad_token"), services: ["Ads"],
                   category: .targeting, sourceCategory: "Targeting/Advertising", purpose: "Ad token.",
                   duration: .untilReplaced(label: "No expiration, replaced on login")),
        ])

    /// Parses JSON bytes into a dictionary (tests only).
    static func object(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    static func objects(_ value: Any?) -> [[String: Any]] {
        value as? [[String: Any]] ?? []
    }
}

@Suite struct CatalogueWireTests {
    let rendered = CatalogueWire.Rendered(CatalogueFixture.catalogue)

    func cookie(_ id: String) -> [String: Any] {
        CatalogueFixture.object(rendered.cookieBodies[id] ?? [])
    }

    /// The catalogue body has exactly `version`, `categories` and `cookies`, the version being 16 hex digits.
    @Test func catalogueBody_hasExactlyTheSpecKeys() {
        let body = CatalogueFixture.object(rendered.catalogueBody)
        #expect(Set(body.keys) == ["version", "categories", "cookies"])
        let version = body["version"] as? String ?? ""
        #expect(version == CatalogueFixture.catalogue.version)
        #expect(version.count == 16 && version.allSatisfy(\.isHexDigit))
        #expect(CatalogueFixture.objects(body["cookies"]).map { $0["id"] as? String } ==
                ["support-zendesk-session", "guide-hc-preview", "analytics-ga", "ads-token"])
    }

    /// Categories come in banner order with exactly the Category keys and `required` only for essential.
    @Test func catalogueCategories_areInBannerOrderWithCategoryKeys() {
        let categories = CatalogueFixture.objects(CatalogueFixture.object(rendered.catalogueBody)["categories"])
        #expect(categories.map { $0["id"] as? String } == ["essential", "functionality", "analytics", "targeting"])
        #expect(categories.map { $0["required"] as? Bool } == [true, false, false, false])
        for category in categories {
            #expect(Set(category.keys) == ["id", "name", "description", "required", "version"])
        }
        #expect(categories[2]["name"] as? String == "Analytical cookies")
        #expect(categories[2]["version"] as? String == CatalogueFixture.catalogue.categoryVersions[.analytics])
    }

    /// `/v1/categories` nests each category's own cookies under `cookies`.
    @Test func categoriesBody_nestsEachCategorysCookies() {
        let body = CatalogueFixture.object(rendered.categoriesBody)
        #expect(Set(body.keys) == ["version", "categories"])
        let categories = CatalogueFixture.objects(body["categories"])
        #expect(categories.count == 4)
        for category in categories {
            #expect(Set(category.keys) == ["id", "name", "description", "required", "version", "cookies"])
            let cookies = CatalogueFixture.objects(category["cookies"])
            #expect(cookies.count == 1)
            #expect(cookies.allSatisfy { $0["category"] as? String == category["id"] as? String })
        }
    }

    /// The unfiltered cookie list counts every cookie.
    @Test func allCookiesBody_countsEveryCookie() {
        let body = CatalogueFixture.object(rendered.allCookiesBody)
        #expect(Set(body.keys) == ["version", "count", "cookies"])
        #expect(body["count"] as? Int == 4)
        #expect(CatalogueFixture.objects(body["cookies"]).count == 4)
    }

    /// A session duration is `{type, label}` only.
    @Test func sessionDuration_hasTypeAndLabelOnly() {
        let duration = cookie("support-zendesk-session")["duration"] as? [String: Any] ?? [:]
        #expect(Set(duration.keys) == ["type", "label"])
        #expect(duration["type"] as? String == "session")
        #expect(duration["label"] as? String == "Session")
    }

    /// A persistent duration carries its ISO 8601 text and its length in seconds.
    @Test func persistentDuration_hasISO8601AndSeconds() {
        let duration = cookie("guide-hc-preview")["duration"] as? [String: Any] ?? [:]
        #expect(Set(duration.keys) == ["type", "iso8601", "seconds", "label"])
        #expect(duration["type"] as? String == "persistent")
        #expect(duration["iso8601"] as? String == "P1D")
        #expect(duration["seconds"] as? Int == 86_400)
    }

    /// An until-replaced duration is `{type: "until-replaced", label}`.
    @Test func untilReplacedDuration_isTypedUntilReplaced() {
        let duration = cookie("ads-token")["duration"] as? [String: Any] ?? [:]
        #expect(Set(duration.keys) == ["type", "label"])
        #expect(duration["type"] as? String == "until-replaced")
    }

    /// Lint lists lifetime warnings: over 13 months, never expiring, or nothing.
    @Test func lint_flagsLongAndNeverExpiringCookies() {
        #expect(cookie("analytics-ga")["lint"] as? [String] == ["exceeds-13-months"])
        #expect(cookie("ads-token")["lint"] as? [String] == ["never-expires"])
        #expect(cookie("guide-hc-preview")["lint"] as? [String] == [])
        #expect(cookie("support-zendesk-session")["lint"] as? [String] == [])
    }

    /// A placeholder name is written braced with `pattern: true`; a literal one with `pattern: false`.
    @Test func patternFlag_followsPlaceholders() {
        #expect(cookie("guide-hc-preview")["name"] as? String == "hc-{user_identifier}-preview")
        #expect(cookie("guide-hc-preview")["pattern"] as? Bool == true)
        #expect(cookie("support-zendesk-session")["name"] as? String == "_zendesk_session")
        #expect(cookie("support-zendesk-session")["pattern"] as? Bool == false)
    }

    /// `sourceCategory` appears only when the source label was aliased; the other keys are always there.
    @Test func sourceCategory_isPresentOnlyWhenAliased() {
        let aliased = cookie("guide-hc-preview")
        #expect(aliased["sourceCategory"] as? String == "Feature")
        #expect(Set(aliased.keys) == ["id", "name", "pattern", "services", "category", "sourceCategory", "purpose", "duration", "lint"])
        let plain = cookie("support-zendesk-session")
        #expect(plain["sourceCategory"] == nil)
        #expect(Set(plain.keys) == ["id", "name", "pattern", "services", "category", "purpose", "duration", "lint"])
    }

    /// Quotes, backslashes, control characters and non-ASCII text survive a JSON round trip.
    @Test func purpose_isEscapedAndRoundTrips() {
        let bytes = rendered.cookieBodies["analytics-ga"] ?? []
        #expect(cookie("analytics-ga")["purpose"] as? String == CatalogueFixture.trickyPurpose)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("\n") && !text.contains("\u{01}"))
        #expect(text.contains(#"\"hi\""#))
        #expect(text.contains("a/b"))  // slashes are not escaped
    }

    /// Services are a list, in source order.
    @Test func services_areAListInOrder() {
        #expect(cookie("analytics-ga")["services"] as? [String] == ["Google Analytics", "Support"])
    }

    /// The same catalogue always renders to the same bytes (stable for the ETag).
    @Test func rendering_isDeterministic() {
        let again = CatalogueWire.Rendered(CatalogueFixture.catalogue)
        #expect(again.catalogueBody == rendered.catalogueBody)
        #expect(again.categoriesBody == rendered.categoriesBody)
        #expect(again.cookieBodies == rendered.cookieBodies)
    }

    /// The ETag is the quoted catalogue version.
    @Test func etag_isQuotedVersion() {
        #expect(rendered.etag == "\"\(CatalogueFixture.catalogue.version)\"")
    }

    /// The built-in catalogue renders every cookie with the closed Cookie key set.
    @Test func defaultCatalogue_rendersEveryCookieWithSpecKeys() {
        let rendered = CatalogueWire.Rendered(DefaultCatalogue.catalogue)
        let allowed: Set<String> = ["id", "name", "pattern", "services", "category", "sourceCategory", "purpose", "duration", "lint"]
        let cookies = CatalogueFixture.objects(CatalogueFixture.object(rendered.catalogueBody)["cookies"])
        #expect(cookies.count == DefaultCatalogue.catalogue.cookies.count)
        #expect(cookies.allSatisfy { Set($0.keys).isSubset(of: allowed) && $0.keys.count >= 8 })
    }
}
