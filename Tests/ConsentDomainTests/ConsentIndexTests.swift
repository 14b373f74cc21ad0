import Foundation
import Testing
@testable import ConsentDomain

private extension VisitorKey {
    /// The key of `text` as replay builds it (straight from bytes).
    static func make(_ text: String) -> VisitorKey? {
        var copy = text
        return copy.withUTF8 { VisitorKey(utf8: $0) }
    }
}

private extension ConsentIndex {
    /// Adds one grant for `visitor` with defaults for everything else.
    mutating func addGrant(_ visitor: String, sequence: UInt64, ordinal: UInt32 = 0, offset: Int = 0) {
        let versions = versionNumber(for: VersionSet(catalogueVersion: "v1", categoryVersions: [.essential: "e1"]))
        add(visitor: VisitorID(rawValue: visitor)!, sequence: sequence, timeMilliseconds: Int64(sequence),
            consentID: CompactID("consent-\(sequence)"), versions: versions,
            bits: VisitorEntry.bits(action: .grant, choices: ConsentChoices(), gpcApplied: false),
            position: RecordPosition(ordinal: ordinal, offset: offset))
    }
}

@Suite struct VisitorKeyTests {
    /// Every id the service issues (22 base64url characters) packs into words and unpacks unchanged.
    @Test func packsServiceIssuedIDs_andRoundTrips() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let visitor = VisitorID.random(using: &generator)
            let key = VisitorKey(visitor)
            guard case .packed = key else {
                Issue.record("\(visitor) was not packed")
                continue
            }
            #expect(key.rawValue == visitor.rawValue)
            #expect(VisitorKey.make(visitor.rawValue) == key)
        }
    }

    /// Ids that differ only in length (`A` packs to code 0) get different keys.
    @Test func distinguishesIDsDifferingOnlyInLength() {
        let keys = (8...30).map { VisitorKey.make(String(repeating: "A", count: $0)) }
        #expect(Set(keys.compactMap { $0 }).count == keys.count)
        #expect(keys.allSatisfy { $0 != nil })
    }

    /// 30 characters still pack; 31 and 64 stay strings, with the same text.
    @Test func keepsIDsLongerThanThirtyCharactersAsText() {
        let thirty = String(repeating: "x_-9", count: 8).prefix(30)
        #expect(VisitorKey.make(String(thirty)).map { if case .packed = $0 { true } else { false } } == true)
        for length in [31, 64] {
            let text = String(repeating: "Zz09-_", count: 11).prefix(length)
            #expect(VisitorKey.make(String(text)) == .text(String(text)))
        }
    }

    /// The byte path rejects exactly what `VisitorID` rejects: lengths 7 and 65, other characters.
    @Test func rejectsWhatVisitorIDRejects() {
        let samples = ["short-7", String(repeating: "a", count: 65), "abc.defgh", "visitor 1234", "visitor/1234",
                       "visitorß1234", "visitor+1234", "", String(repeating: "a", count: 8), String(repeating: "-", count: 64)]
        for sample in samples {
            #expect((VisitorKey.make(sample) == nil) == (VisitorID(rawValue: sample) == nil), "\(sample)")
        }
        #expect(VisitorKey.make("short-7") == nil)
    }

    /// The 6-bit codes are one-to-one over the 64 base64url characters, and 255 for every other byte.
    @Test func codesEachBase64URLCharacterOnce() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        #expect(alphabet.map(VisitorKey.code) == (0..<64).map(UInt8.init))
        #expect((0..<64).map { VisitorKey.character(UInt8($0)) } == alphabet)
        let others = (0...255).map(UInt8.init).filter { !alphabet.contains($0) }
        #expect(others.allSatisfy { VisitorKey.code($0) == 255 })
    }
}

@Suite struct ConsentIndexTests {
    /// Thousands of visitors (short, 22-character and long ids) are all found after the table grows.
    @Test func findsEveryVisitor_afterTheTableGrows() {
        var index = ConsentIndex()
        let ids = (0..<5000).map { n in
            n % 3 == 0 ? String(format: "v%021d", n) : n % 3 == 1 ? "visitor-\(n)" : String(repeating: "L", count: 40) + "-\(n)"
        }
        for (n, id) in ids.enumerated() { index.addGrant(id, sequence: UInt64(n + 1)) }
        #expect(index.visitorCount == ids.count)
        for (n, id) in ids.enumerated() {
            #expect(index.snapshot(for: VisitorID(rawValue: id)!)?.sequence == UInt64(n + 1), "\(id)")
        }
        #expect(index.snapshot(for: VisitorID(rawValue: "visitor-unknown")!) == nil)
    }

    /// A visitor's later record becomes its latest, and both positions are kept in order.
    @Test func laterRecordReplacesLatest_andKeepsBothPositions() {
        var index = ConsentIndex()
        index.addGrant("visitor-a", sequence: 1, offset: 0)
        index.addGrant("visitor-b", sequence: 2, offset: 100)
        index.addGrant("visitor-a", sequence: 3, offset: 200)
        let a = VisitorID(rawValue: "visitor-a")!
        #expect(index.visitorCount == 2)
        #expect(index.snapshot(for: a)?.sequence == 3)
        #expect(index.snapshot(for: a)?.consentID == "consent-3")
        #expect(index.positions(for: a).map(\.offset) == [0, 200])
    }

    /// Dropping old segments removes visitors with no record left; the others stay findable and freed slots are reused.
    @Test func dropPositions_removesVisitorsWithNoRecordLeft() {
        var index = ConsentIndex()
        for n in 0..<300 { index.addGrant("old-visitor-\(n)", sequence: UInt64(n + 1), ordinal: 0) }
        index.addGrant("kept-visitor", sequence: 301, ordinal: 0, offset: 10)
        index.addGrant("kept-visitor", sequence: 302, ordinal: 1, offset: 20)
        index.dropPositions(before: 1)
        #expect(index.visitorCount == 1)
        #expect(index.snapshot(for: VisitorID(rawValue: "old-visitor-5")!) == nil)
        let kept = VisitorID(rawValue: "kept-visitor")!
        #expect(index.positions(for: kept).map(\.offset) == [20])
        index.addGrant("new-visitor", sequence: 303, ordinal: 1)
        #expect(index.visitorCount == 2)
        #expect(index.snapshot(for: VisitorID(rawValue: "new-visitor")!)?.sequence == 303)
        #expect(index.snapshot(for: kept)?.sequence == 302)
    }
}
