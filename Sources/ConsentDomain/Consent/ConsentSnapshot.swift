#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A visitor's latest record, as the in-memory index keeps it: enough to answer
/// "what may be set now" without reading the log.
public struct ConsentSnapshot: Sendable, Hashable {
    public var sequence: UInt64
    public var consentID: String
    public var recordedAt: Date
    public var action: ConsentAction
    public var choices: ConsentChoices
    public var gpcApplied: Bool
    public var catalogueVersion: String
    public var categoryVersions: [CookieCategory: String]

    public init(sequence: UInt64, consentID: String, recordedAt: Date, action: ConsentAction, choices: ConsentChoices,
                gpcApplied: Bool, catalogueVersion: String, categoryVersions: [CookieCategory: String]) {
        self.sequence = sequence
        self.consentID = consentID
        self.recordedAt = recordedAt
        self.action = action
        self.choices = choices
        self.gpcApplied = gpcApplied
        self.catalogueVersion = catalogueVersion
        self.categoryVersions = categoryVersions
    }

    public init(_ record: ConsentRecord) {
        self.init(sequence: record.sequence, consentID: record.consentID, recordedAt: record.recordedAt,
                  action: record.action, choices: record.choices, gpcApplied: record.draft.gpcApplied,
                  catalogueVersion: record.draft.catalogueVersion, categoryVersions: record.draft.categoryVersions)
    }
}
