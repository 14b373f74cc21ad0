#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a catalogue file (`--catalogue FILE`) into a validated `Catalogue`.
///
/// ## File format (JSON, UTF-8)
/// ```json
/// {
///   "categories": [
///     {"id": "analytics", "name": "Analytical cookies", "description": "These cookies track…"}
///   ],
///   "cookies": [
///     {"id": "support-zendesk-session", "name": "_zendesk_session", "services": "Support, Guide",
///      "category": "Essential", "purpose": "Default rails cookie", "duration": "Session"},
///     {"id": "support-cfduid-1", "name": "__cfduid", "services": ["Support"], "category": "Feature",
///      "purpose": "Cloudflare client security settings", "duration": "1 year old"},
///     {"id": "guide-hc-preview", "name": "hc- {user_identifier} -preview", "services": "Guide",
///      "category": "functionality", "purpose": "Stores preview data", "duration": "P1D"},
///     {"id": "support-ob", "name": "ob", "services": "Support", "category": "Functionality",
///      "purpose": "Session information",
///      "duration": {"type": "until-replaced", "label": "No expiration, replaced on login"}}
///   ]
/// }
/// ```
/// Top level: `cookies` (array, required); `categories` (array, optional: a category not
/// described keeps the built-in name and description); `version` (ignored, so the output of
/// `GET /v1/catalogue` loads too). Any other key is an error.
///
/// Category entry: `id` (a canonical id or any `CategoryAlias` label), `name`, `description`
/// (non-empty strings); `required` and `version` are ignored.
///
/// Cookie entry:
/// - `id` (required): stable, unique, 1–64 of `[A-Za-z0-9._-]`, starting with a letter or digit.
/// - `name` (required): literal or pattern, normalised by `CookieNamePattern(declared:)`.
/// - `services` (optional): a comma-separated string ("Support, Guide") or an array of strings.
/// - `category` (required): canonical id or any `CategoryAlias` label ("Feature", "Analytical").
/// - `sourceCategory` (optional): the raw label to keep; when absent it is derived from `category`.
/// - `purpose` (required): non-empty text.
/// - `duration` (required): a label `CookieDuration(label:)` reads ("Session", "1 year old",
///   "P100D", "No expiration, …") or an object `{"type": "session" | "persistent" |
///   "until-replaced", "iso8601": "P1Y" (persistent only, required), "label": "…" (optional)}`;
///   `seconds` is ignored (derived from `iso8601`).
/// - `pattern`, `lint` (ignored: the API's derived fields). Any other key is an error.
///
/// After all entries are read, service spellings that differ only by case are unified
/// (`ServiceNames.unifySpellings`). `CatalogueEncoder` writes this same format.
public struct CatalogueLoader: Sendable {
    public var limits: CatalogueLimits

    public init(limits: CatalogueLimits = CatalogueLimits()) {
        self.limits = limits
    }

    /// Parses and validates `bytes`.
    /// - Returns: The catalogue; categories not described in the file keep `DefaultCatalogue`'s text.
    /// - Throws: `CatalogueLoadError` for the first problem found, entries checked in file order.
    public func load(_ bytes: [UInt8]) throws(CatalogueLoadError) -> Catalogue {
        guard bytes.count <= limits.maxFileBytes else { throw .tooLarge(limit: limits.maxFileBytes) }
        let root: CatalogueJSONValue
        do {
            root = try JSONDecoder().decode(CatalogueJSONValue.self, from: Data(bytes))
        } catch {
            throw .malformedJSON(detail: Self.describe(error))
        }
        guard case .object(let document) = root else {
            throw .invalidDocument(field: "", reason: .wrongType(expected: "object", found: root.typeName))
        }
        for key in document.keys.sorted() where !["categories", "cookies", "version"].contains(key) {
            throw .invalidDocument(field: key, reason: .unknownField)
        }
        let categories = try loadCategories(document["categories"])
        guard let cookiesValue = document["cookies"] else { throw .invalidDocument(field: "cookies", reason: .missing) }
        guard case .array(let entries) = cookiesValue else {
            throw .invalidDocument(field: "cookies", reason: .wrongType(expected: "array", found: cookiesValue.typeName))
        }
        guard entries.count <= limits.maxCookies else {
            throw .invalidDocument(field: "cookies", reason: .tooMany(limit: limits.maxCookies))
        }
        var cookies: [Cookie] = []
        cookies.reserveCapacity(entries.count)
        var firstIndexByID: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let cookie = try loadCookie(entry, index: index)
            if let first = firstIndexByID[cookie.id] {
                throw .invalidCookie(index: index, id: cookie.id, field: "id", reason: .duplicateID(firstIndex: first))
            }
            firstIndexByID[cookie.id] = index
            cookies.append(cookie)
        }
        return Catalogue(categories: categories, cookies: ServiceNames.unifySpellings(cookies))
    }

    // MARK: Categories

    private func loadCategories(_ value: CatalogueJSONValue?) throws(CatalogueLoadError) -> [CategoryInfo] {
        var infos: [CookieCategory: CategoryInfo] = [:]
        for info in DefaultCatalogue.categories { infos[info.category] = info }
        guard let value else { return CookieCategory.allCases.compactMap { infos[$0] } }
        guard case .array(let entries) = value else {
            throw .invalidDocument(field: "categories", reason: .wrongType(expected: "array", found: value.typeName))
        }
        var firstIndex: [CookieCategory: Int] = [:]
        for (index, entry) in entries.enumerated() {
            func fail(_ field: String, _ problem: CatalogueFieldProblem) -> CatalogueLoadError {
                .invalidCategory(index: index, field: field, reason: problem)
            }
            guard case .object(let fields) = entry else {
                throw fail("", .wrongType(expected: "object", found: entry.typeName))
            }
            let label: String, name: String, description: String
            do throws(FieldFailure) {
                label = try requiredString(fields, "id")
                name = try requiredString(fields, "name")
                description = try requiredString(fields, "description")
            } catch {
                throw fail(error.field, error.problem)
            }
            guard let category = CategoryAlias.category(for: label) else { throw fail("id", .unknownCategory(label)) }
            if let first = firstIndex[category] { throw fail("id", .duplicateCategory(firstIndex: first)) }
            firstIndex[category] = index
            let cleanName = name.trimmingWhitespace(), cleanDescription = description.trimmingWhitespace()
            if cleanName.isEmpty { throw fail("name", .empty) }
            if cleanDescription.isEmpty { throw fail("description", .empty) }
            if cleanName.utf8.count > limits.maxTextBytes { throw fail("name", .tooLong(limit: limits.maxTextBytes)) }
            if cleanDescription.utf8.count > limits.maxTextBytes {
                throw fail("description", .tooLong(limit: limits.maxTextBytes))
            }
            for key in fields.keys.sorted() where !["id", "name", "description", "required", "version"].contains(key) {
                throw fail(key, .unknownField)
            }
            infos[category] = CategoryInfo(category: category, name: cleanName, description: cleanDescription)
        }
        return CookieCategory.allCases.compactMap { infos[$0] }
    }

    // MARK: Cookies

    private static let cookieKeys: Set<String> = [
        "id", "name", "services", "category", "sourceCategory", "purpose", "duration", "pattern", "lint",
    ]

    private func loadCookie(_ entry: CatalogueJSONValue, index: Int) throws(CatalogueLoadError) -> Cookie {
        guard case .object(let fields) = entry else {
            throw .invalidCookie(index: index, id: nil, field: "", reason: .wrongType(expected: "object", found: entry.typeName))
        }
        var reportedID: String?
        if case .string(let id) = fields["id"] { reportedID = id }
        let builder = CatalogueEntryBuilder(limits: limits)
        do throws(FieldFailure) {
            let id = try requiredString(fields, "id")
            let name = try requiredString(fields, "name")
            let services = try servicesField(fields["services"])
            let category = try requiredString(fields, "category")
            let sourceCategory = try optionalString(fields, "sourceCategory")
            let purpose = try requiredString(fields, "purpose")
            guard let durationValue = fields["duration"] else { throw FieldFailure(field: "duration", problem: .missing) }
            let duration = try self.duration(durationValue, builder: builder)
            for key in fields.keys.sorted() where !Self.cookieKeys.contains(key) {
                throw FieldFailure(field: key, problem: .unknownField)
            }
            return try builder.makeCookie(id: id, name: name, services: services, categoryLabel: category,
                                          sourceCategory: sourceCategory, purpose: purpose, duration: duration)
        } catch {
            throw .invalidCookie(index: index, id: reportedID, field: error.field, reason: error.problem)
        }
    }

    private func servicesField(_ value: CatalogueJSONValue?) throws(FieldFailure) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let cell)?: return ServiceNames.split(cell)
        case .array(let items)?:
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw FieldFailure(field: "services", problem: .wrongType(expected: "string", found: item.typeName))
                }
                names.append(name)
            }
            return names
        case let other?:
            throw FieldFailure(field: "services", problem: .wrongType(expected: "string or array", found: other.typeName))
        }
    }

    private func duration(_ value: CatalogueJSONValue, builder: CatalogueEntryBuilder) throws(FieldFailure) -> CookieDuration {
        switch value {
        case .string(let label):
            return try builder.duration(label: label)
        case .object(let fields):
            for key in fields.keys.sorted() where !["type", "iso8601", "seconds", "label"].contains(key) {
                throw FieldFailure(field: "duration.\(key)", problem: .unknownField)
            }
            let type = try requiredString(fields, "type", prefix: "duration.")
            let label = try optionalString(fields, "label", prefix: "duration.").map { $0.trimmingWhitespace() }
            switch type {
            case "session":
                return .session(label: label ?? "Session")
            case "until-replaced":
                return .untilReplaced(label: label ?? "No expiration")
            case "persistent":
                let text = try requiredString(fields, "iso8601", prefix: "duration.")
                guard let iso = try? ISO8601Duration(parsing: text), iso.totalSeconds > 0 else {
                    throw FieldFailure(field: "duration.iso8601", problem: .invalidDuration("not a positive ISO 8601 duration: \(text)"))
                }
                return .persistent(iso: iso, label: label ?? iso.humanDescription)
            default:
                throw FieldFailure(field: "duration.type", problem: .invalidDuration("unknown type \(type)"))
            }
        default:
            throw FieldFailure(field: "duration", problem: .wrongType(expected: "string or object", found: value.typeName))
        }
    }

    // MARK: Field access

    private typealias FieldFailure = CatalogueEntryBuilder.Failure

    private func requiredString(_ fields: [String: CatalogueJSONValue], _ key: String,
                                prefix: String = "") throws(FieldFailure) -> String {
        guard let value = fields[key] else { throw FieldFailure(field: prefix + key, problem: .missing) }
        guard case .string(let text) = value else {
            throw FieldFailure(field: prefix + key, problem: .wrongType(expected: "string", found: value.typeName))
        }
        return text
    }

    private func optionalString(_ fields: [String: CatalogueJSONValue], _ key: String,
                                prefix: String = "") throws(FieldFailure) -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard case .string(let text) = value else {
            throw FieldFailure(field: prefix + key, problem: .wrongType(expected: "string", found: value.typeName))
        }
        return text
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "unreadable input" }
        switch decoding {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError { return "\(context.debugDescription) \(underlying)" }
            return context.debugDescription
        default:
            return "unreadable input"
        }
    }
}
