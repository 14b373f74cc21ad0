import ConsentDomain
import Testing
@testable import ConsentService

@Suite struct ThreadCatalogueFieldsTests {
    private static func address(_ text: String) -> UnsafeRawPointer? {
        text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    /// The thread's copies equal the catalogue's fields but live in storage of their own, reused
    /// while the version stays, made again for another catalogue version.
    @Test func copies_equalTheCatalogueInSeparateStorage() {
        let served = RouteHarness.catalogue
        let first = ThreadCatalogueFields.of(served)
        #expect(first.version == served.version)
        #expect(first.categoryVersions == served.categoryVersions)
        #expect(Self.address(first.version) != Self.address(served.version))
        let again = ThreadCatalogueFields.of(served)
        #expect(Self.address(again.version) == Self.address(first.version))
        let other = RouteHarness.changedAnalyticsCatalogue
        let switched = ThreadCatalogueFields.of(other)
        #expect(switched.version == other.version)
        #expect(switched.categoryVersions == other.categoryVersions)
    }
}
