import Testing
@testable import ConsentDomain

@Suite struct ConsentDraftTests {
    static func draft() throws -> ConsentDraft {
        ConsentDraft(consentID: "c-1", visitorID: try #require(VisitorID(rawValue: "visitor-0001")), action: .grant,
                     choices: ConsentChoices(functionality: true), catalogueVersion: "2026-11-01",
                     categoryVersions: [.analytics: "1", .targeting: "2"], gpcHeader: "1", gpcApplied: true,
                     source: "banner", locale: "de-DE", noticeVersion: "n1")
    }

    /// Setting any field changes that field of that draft only: a copy taken before keeps every old
    /// value, and equality and hashing follow the fields, as for a plain struct.
    @Test func settingAField_changesOnlyThatDraft() throws {
        let original = try Self.draft()
        #expect(original == (try Self.draft()))
        #expect(original.hashValue == (try Self.draft()).hashValue)
        var changes: [(String, (inout ConsentDraft) throws -> Void)] = [
            ("consentID", { $0.consentID = "c-2" }),
            ("visitorID", { $0.visitorID = try #require(VisitorID(rawValue: "visitor-0002")) }),
            ("action", { $0.action = .withdraw }),
            ("choices", { $0.choices = .essentialOnly }),
            ("catalogueVersion", { $0.catalogueVersion = "2026-12-01" }),
            ("categoryVersions", { $0.categoryVersions = [.analytics: "3"] }),
            ("gpcHeader", { $0.gpcHeader = nil }),
            ("gpcApplied", { $0.gpcApplied = false }),
            ("source", { $0.source = "sdk" }),
            ("locale", { $0.locale = nil }),
            ("noticeVersion", { $0.noticeVersion = "n2" }),
        ]
        changes.append(("nothing", { _ in }))
        for (name, change) in changes {
            var changed = original
            try change(&changed)
            #expect(original == (try Self.draft()), "\(name)")
            #expect((changed == original) == (name == "nothing"), "\(name)")
        }
        var draft = original
        draft.locale = "fr"
        draft.gpcApplied = false
        #expect(draft.locale == "fr")
        #expect(!draft.gpcApplied)
        #expect(draft.consentID == "c-1" && draft.source == "banner" && draft.categoryVersions == [.analytics: "1", .targeting: "2"])
        #expect(original.locale == "de-DE" && original.gpcApplied)
    }
}
