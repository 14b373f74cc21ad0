import ConsentDomain
import Glibc

/// The calling thread's own copies of the served catalogue's `version` and `categoryVersions` (equal
/// contents, separate storage), for the drafts it builds.
///
/// Every draft holds both, so every copy and release of a draft changes their reference counts. Shared
/// by all threads, those counts sit on cache lines that both event loops and the log's writer update
/// per record; with one copy per loop each loop updates its own. Two catalogues with the same version
/// have the same per-category versions (the version is derived from them), so the copies are keyed by
/// the version alone.
final class ThreadCatalogueFields {
    private(set) var version: String
    private(set) var categoryVersions: [CookieCategory: String]

    private init(_ catalogue: Catalogue) {
        (version, categoryVersions) = Self.separateCopies(of: catalogue)
    }

    /// `catalogue`'s version fields, equal but in storage of their own.
    private static func separateCopies(of catalogue: Catalogue) -> (String, [CookieCategory: String]) {
        (separateCopy(catalogue.version), catalogue.categoryVersions.mapValues(separateCopy))
    }

    /// A string equal to `text` in storage of its own.
    private static func separateCopy(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }

    private static let perThread = ThreadOwned<ThreadCatalogueFields>()

    /// The calling thread's copies of `catalogue`'s version fields (made again when the version differs
    /// from the thread's last one).
    static func of(_ catalogue: Catalogue) -> (version: String, categoryVersions: [CookieCategory: String]) {
        let fields = perThread.value { ThreadCatalogueFields(catalogue) }
        if fields.version != catalogue.version {
            (fields.version, fields.categoryVersions) = separateCopies(of: catalogue)
        }
        return (fields.version, fields.categoryVersions)
    }
}
