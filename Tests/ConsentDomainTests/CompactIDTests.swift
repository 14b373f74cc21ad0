import Testing
@testable import ConsentDomain

@Suite struct CompactIDTests {
    /// A canonical UUID, in either letter case, is held packed and reads back exactly as written.
    @Test(arguments: ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0",
                      "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"])
    func uuidRoundTrips(text: String) {
        let id = CompactID(text)
        guard case .uuid = id else { Issue.record("expected a packed UUID for \(text)"); return }
        #expect(id.string == text)
    }

    /// Anything else (mixed case, wrong shape) is kept as text and reads back unchanged.
    @Test(arguments: ["0f1e2d3c-4b5a-6978-8796-A5B4C3D2E1F0", "consent-1", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"])
    func otherIDsAreKeptAsText(text: String) {
        let id = CompactID(text)
        #expect(id == .text(text))
        #expect(id.string == text)
    }
}
