import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON rendering of the catalogue for `GET /v1/catalogue`, `/v1/categories` and `/v1/cookies[/{id}]`.
///
/// Bodies are `Encodable` wire structs written by `JSONEncoder` with sorted keys (stable bytes
/// for the same catalogue; the encoder escapes quotes, backslashes and control characters) and
/// unescaped slashes. `Rendered` serialises the unfiltered views once per catalogue version.
///
/// Cookie: `{category, duration, id, lint, name, pattern, purpose, services, sourceCategory?}` where
/// `duration` is `{type:"session", label}` | `{type:"persistent", iso8601, seconds, label}` |
/// `{type:"until-replaced", label}`, `name` is the canonical text (placeholders in braces) and
/// `pattern` says whether it has placeholders.
enum CatalogueWire {
    /// The unfiltered bodies of one catalogue version, serialised once.
    struct Rendered: Sendable {
        let catalogue: Catalogue
        /// `GET /v1/catalogue` body.
        let catalogueBody: [UInt8]
        /// `GET /v1/categories` body.
        let categoriesBody: [UInt8]
        /// `GET /v1/cookies` body without filters.
        let allCookiesBody: [UInt8]
        /// `GET /v1/cookies/{id}` bodies by id.
        let cookieBodies: [String: [UInt8]]
        /// The strong validator for every catalogue response: `"<version>"` (RFC 9110 §8.8.3).
        let etag: String

        init(_ catalogue: Catalogue) {
            self.catalogue = catalogue
            catalogueBody = CatalogueWire.catalogueBody(catalogue)
            categoriesBody = CatalogueWire.categoriesBody(catalogue)
            allCookiesBody = CatalogueWire.cookieListBody(catalogue.cookies, version: catalogue.version)
            var bodies: [String: [UInt8]] = [:]
            for cookie in catalogue.cookies { bodies[cookie.id] = CatalogueWire.cookieBody(cookie) }
            cookieBodies = bodies
            etag = "\"\(catalogue.version)\""
        }
    }

    /// `{version, categories:[Category], cookies:[Cookie]}`.
    static func catalogueBody(_ catalogue: Catalogue) -> [UInt8] {
        encode(CatalogueBody(version: catalogue.version,
                             categories: CookieCategory.allCases.map { category(catalogue, $0, cookies: nil) },
                             cookies: catalogue.cookies.map(CookieBody.init)))
    }

    /// `{version, categories:[Category + cookies:[Cookie]]}`, in banner order (essential first).
    static func categoriesBody(_ catalogue: Catalogue) -> [UInt8] {
        encode(CategoriesBody(version: catalogue.version, categories: CookieCategory.allCases.map { category in
            self.category(catalogue, category, cookies: catalogue.cookies.filter { $0.category == category })
        }))
    }

    /// `{version, count, cookies:[Cookie]}`.
    static func cookieListBody(_ cookies: [Cookie], version: String) -> [UInt8] {
        encode(CookieListBody(version: version, count: cookies.count, cookies: cookies.map(CookieBody.init)))
    }

    /// One cookie.
    static func cookieBody(_ cookie: Cookie) -> [UInt8] {
        encode(CookieBody(cookie))
    }

    // MARK: Wire shapes

    struct CatalogueBody: Encodable {
        var version: String
        var categories: [CategoryBody]
        var cookies: [CookieBody]
    }

    struct CategoriesBody: Encodable {
        var version: String
        var categories: [CategoryBody]
    }

    struct CookieListBody: Encodable {
        var version: String
        var count: Int
        var cookies: [CookieBody]
    }

    struct CategoryBody: Encodable {
        var id: String
        var name: String
        var description: String
        var required: Bool
        var version: String
        /// Present only in `/v1/categories`.
        var cookies: [CookieBody]?
    }

    struct CookieBody: Encodable {
        var id: String
        var name: String
        var pattern: Bool
        var services: [String]
        var category: String
        var sourceCategory: String?
        var purpose: String
        var duration: DurationBody
        var lint: [String]

        init(_ cookie: Cookie) {
            id = cookie.id
            name = cookie.name.description
            pattern = !cookie.name.isLiteral
            services = cookie.services
            category = cookie.category.rawValue
            sourceCategory = cookie.sourceCategory
            purpose = cookie.purpose
            duration = DurationBody(cookie.duration)
            lint = cookie.lint.map(\.rawValue)
        }
    }

    struct DurationBody: Encodable {
        var type: String
        var iso8601: String?
        var seconds: Int?
        var label: String

        init(_ duration: CookieDuration) {
            type = duration.kind
            label = duration.label
            if case .persistent(let iso, let seconds, _) = duration {
                iso8601 = iso
                self.seconds = seconds
            }
        }
    }

    // MARK: Helpers

    private static func category(_ catalogue: Catalogue, _ category: CookieCategory, cookies: [Cookie]?) -> CategoryBody {
        let info = catalogue.info(for: category)
        return CategoryBody(id: category.rawValue, name: info?.name ?? category.rawValue,
                            description: info?.description ?? "", required: category.isRequired,
                            version: catalogue.categoryVersions[category] ?? "",
                            cookies: cookies.map { $0.map(CookieBody.init) })
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The wire structs hold only strings, integers, booleans and arrays: encoding cannot fail.
        guard let data = try? encoder.encode(value) else { return Array("{}".utf8) }
        return Array(data)
    }
}
