#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes a `Catalogue` in the file format `CatalogueLoader` reads (see its documentation).
///
/// Output is pretty-printed with sorted keys, so the same catalogue always gives the same bytes.
/// Every category is written; cookie names are written in canonical braced form
/// (`_pendo_meta.{PENDO_API_KEY}`); durations as objects (`{"type", "iso8601"?, "label"}`);
/// `sourceCategory` explicitly, so `load(encode(c))` has the same version as `c` for any
/// catalogue the loader can produce.
public enum CatalogueEncoder {
    /// The file bytes for `catalogue`.
    public static func encode(_ catalogue: Catalogue) -> [UInt8] {
        let document = FileDocument(
            categories: catalogue.categories.map {
                FileCategory(id: $0.category.rawValue, name: $0.name, description: $0.description)
            },
            cookies: catalogue.cookies.map { cookie in
                FileCookie(id: cookie.id, name: cookie.name.description, services: cookie.services,
                           category: cookie.category.rawValue, sourceCategory: cookie.sourceCategory,
                           purpose: cookie.purpose, duration: FileDuration(cookie.duration))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail; an empty document is never produced.
        guard let data = try? encoder.encode(document) else { return Array("{}".utf8) }
        return Array(data)
    }

    private struct FileDocument: Encodable {
        var categories: [FileCategory]
        var cookies: [FileCookie]
    }

    private struct FileCategory: Encodable {
        var id: String
        var name: String
        var description: String
    }

    private struct FileCookie: Encodable {
        var id: String
        var name: String
        var services: [String]
        var category: String
        var sourceCategory: String?
        var purpose: String
        var duration: FileDuration
    }

    private struct FileDuration: Encodable {
        var type: String
        var iso8601: String?
        var label: String

        init(_ duration: CookieDuration) {
            type = duration.kind
            label = duration.label
            if case .persistent(let iso, _, _) = duration { iso8601 = iso }
        }
    }
}
