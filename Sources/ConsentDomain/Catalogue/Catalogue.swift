#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The validated set of cookies a site may set, with a content-derived version.
///
/// `version` is the SHA-256 of the canonical form (first 16 hex digits); it is the HTTP
/// `ETag` of catalogue responses. `categoryVersions` hashes each category on its own,
/// so a consent can be checked against exactly the categories that changed.
public struct Catalogue: Sendable, Hashable {
    public let categories: [CategoryInfo]
    public let cookies: [Cookie]
    public let version: String
    public let categoryVersions: [CookieCategory: String]
    private let indexByID: [String: Int]

    /// Builds a catalogue. Ids must be unique (the loader checks this and reports it).
    public init(categories: [CategoryInfo], cookies: [Cookie]) {
        self.categories = categories.sorted { $0.category < $1.category }
        self.cookies = cookies
        var index: [String: Int] = [:]
        for (i, cookie) in cookies.enumerated() where index[cookie.id] == nil { index[cookie.id] = i }
        indexByID = index
        var perCategory: [CookieCategory: String] = [:]
        for category in CookieCategory.allCases {
            let info = categories.first { $0.category == category }
            perCategory[category] = Self.digest(Self.canonicalForm(category: category, info: info,
                                                                     cookies: cookies.filter { $0.category == category }))
        }
        categoryVersions = perCategory
        version = Self.digest(CookieCategory.allCases.map { "\($0.rawValue)=\(perCategory[$0]!)" }.joined(separator: "\n"))
    }

    public func cookie(id: String) -> Cookie? {
        indexByID[id].map { cookies[$0] }
    }

    public func info(for category: CookieCategory) -> CategoryInfo? {
        categories.first { $0.category == category }
    }

    /// Every entry whose declared name or pattern matches the concrete `name`.
    public func entries(matching name: String) -> [Cookie] {
        cookies.filter { $0.name.matches(name) }
    }

    /// The categories whose version differs between `categoryVersions` and this catalogue,
    /// in banner order. A category missing from `categoryVersions` counts as changed.
    ///
    /// The common case, nothing changed, allocates nothing: when both maps have as many keys and
    /// every recorded version is found equal here, the key sets are the same and no category differs.
    public func changedCategories(since categoryVersions: [CookieCategory: String]) -> [CookieCategory] {
        if self.categoryVersions.count == categoryVersions.count,
           !categoryVersions.contains(where: { self.categoryVersions[$0.key] != $0.value }) {
            return []
        }
        return CookieCategory.allCases.filter { self.categoryVersions[$0] != categoryVersions[$0] }
    }

    public static func == (a: Catalogue, b: Catalogue) -> Bool { a.version == b.version }
    public func hash(into hasher: inout Hasher) { hasher.combine(version) }

    // MARK: Canonical form

    private static func digest(_ text: String) -> String {
        String(SHA256.hexHash(Array(text.utf8)).prefix(16))
    }

    /// One line per field, fields escaped so that no two catalogues share a form.
    static func canonicalForm(category: CookieCategory, info: CategoryInfo?, cookies: [Cookie]) -> String {
        var lines = ["category \(escape(category.rawValue)) \(escape(info?.name ?? "")) \(escape(info?.description ?? ""))"]
        for c in cookies {
            let duration: String
            switch c.duration {
            case .session(let label): duration = "session \(escape(label))"
            case .persistent(let iso, let seconds, let label): duration = "persistent \(escape(iso)) \(seconds) \(escape(label))"
            case .untilReplaced(let label): duration = "until-replaced \(escape(label))"
            }
            lines.append([
                "cookie", escape(c.id), canonicalName(c.name), escape(c.services.joined(separator: "\u{1F}")),
                escape(c.sourceCategory ?? ""), escape(c.purpose), duration,
            ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// Each part tagged, so a literal `{K}` and a placeholder `K` never share a form.
    private static func canonicalName(_ name: CookieNamePattern) -> String {
        name.parts.map { part in
            switch part {
            case .literal(let text): "L" + escape(text)
            case .placeholder(let key): "P" + escape(key)
            }
        }.joined()
    }

    /// `s` quoted, with `\`, `"` and LF escaped by a backslash (scalar by scalar, so a CR LF pair
    /// is escaped like any other LF). The canonical form, and so every version, depends on this.
    private static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(scalar)
            }
        }
        out.append("\"")
        return String(out)
    }
}
