import ConsentDomain
import Foundation
import Testing
@testable import ConsentService

@Suite struct ArchivedCataloguesTests {
    private static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("archived-catalogues-\(UUID().uuidString)").path
    }

    /// A stored version is loaded once and then answered from memory, even if the file goes away.
    @Test func loadsAnArchivedVersionOnce_thenAnswersFromMemory() throws {
        let directory = Self.temporaryDirectory()
        let archive = CatalogueArchive(dataDirectory: directory)
        let catalogue = DefaultCatalogue.catalogue
        try archive.store(catalogue)
        let cache = ArchivedCatalogues(archive: archive)
        let first = try cache.entry(version: catalogue.version)
        #expect(first?.catalogue.version == catalogue.version)
        #expect(first?.engine.catalogue.version == catalogue.version)
        try FileManager.default.removeItem(atPath: directory)
        #expect(try cache.entry(version: catalogue.version)?.catalogue.version == catalogue.version)
    }

    /// A version that was never archived is `nil`, not an error.
    @Test func unknownVersion_isNil() throws {
        let cache = ArchivedCatalogues(archive: CatalogueArchive(dataDirectory: Self.temporaryDirectory()))
        #expect(try cache.entry(version: "0123456789abcdef") == nil)
    }
}
