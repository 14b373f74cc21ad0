import ConsentDomain
import Synchronization

/// Catalogues read back from the archive (older versions a consent may name), each with its
/// decision engine, kept in memory once loaded so a request naming an old version does not
/// re-read, re-hash and re-index the file. Bounded: at most `capacity` versions are kept.
final class ArchivedCatalogues: Sendable {
    struct Entry: Sendable {
        let catalogue: Catalogue
        let engine: DecisionEngine
    }

    private let archive: CatalogueArchive
    private let capacity: Int
    private let loaded = Mutex<[String: Entry]>([:])

    init(archive: CatalogueArchive, capacity: Int = 32) {
        self.archive = archive
        self.capacity = capacity
    }

    /// The archived catalogue of `version`, or `nil` when it was never archived.
    /// - Throws: `CatalogueArchiveError` when the archived file cannot be read or is corrupt.
    func entry(version: String) throws(CatalogueArchiveError) -> Entry? {
        if let hit = loaded.withLock({ $0[version] }) { return hit }
        guard let catalogue = try archive.load(version: version) else { return nil }
        let entry = Entry(catalogue: catalogue, engine: DecisionEngine(catalogue: catalogue))
        loaded.withLock { loaded in
            if loaded.count >= capacity, let evicted = loaded.keys.first { loaded[evicted] = nil }
            loaded[version] = entry
        }
        return entry
    }
}
