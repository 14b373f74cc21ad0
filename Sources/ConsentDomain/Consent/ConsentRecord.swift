#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a record does to a visitor's consent.
public enum ConsentAction: String, Sendable, Hashable, Codable {
    /// A choice was recorded (acceptance, refusal or anything between).
    case grant
    /// The visitor withdrew: every optional category refused.
    case withdraw
}

/// What a caller asks the log to append; the log assigns sequence, time and chain link.
public struct ConsentDraft: Sendable, Hashable {
    public var consentID: String
    public var visitorID: VisitorID
    public var action: ConsentAction
    /// Effective choices (after essential and GPC rules were applied).
    public var choices: ConsentChoices
    public var catalogueVersion: String
    public var categoryVersions: [CookieCategory: String]
    /// The raw `Sec-GPC` header value as received, kept as evidence (`nil` when absent).
    public var gpcHeader: String?
    /// Whether GPC forced `targeting:false`.
    public var gpcApplied: Bool
    public var source: String?
    public var locale: String?
    public var noticeVersion: String?

    public init(consentID: String, visitorID: VisitorID, action: ConsentAction, choices: ConsentChoices,
                catalogueVersion: String, categoryVersions: [CookieCategory: String],
                gpcHeader: String? = nil, gpcApplied: Bool = false,
                source: String? = nil, locale: String? = nil, noticeVersion: String? = nil) {
        self.consentID = consentID
        self.visitorID = visitorID
        self.action = action
        self.choices = choices
        self.catalogueVersion = catalogueVersion
        self.categoryVersions = categoryVersions
        self.gpcHeader = gpcHeader
        self.gpcApplied = gpcApplied
        self.source = source
        self.locale = locale
        self.noticeVersion = noticeVersion
    }
}

/// One line of the consent log, as written.
public struct ConsentRecord: Sendable, Hashable {
    /// Contiguous sequence number, starting at 1.
    public var sequence: UInt64
    /// Server time, UTC, millisecond precision.
    public var recordedAt: Date
    public var draft: ConsentDraft
    /// Hex SHA-256 of the previous record's line bytes (genesis value for the first).
    public var prev: String

    public init(sequence: UInt64, recordedAt: Date, draft: ConsentDraft, prev: String) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.draft = draft
        self.prev = prev
    }

    public var consentID: String { draft.consentID }
    public var visitorID: VisitorID { draft.visitorID }
    public var action: ConsentAction { draft.action }
    public var choices: ConsentChoices { draft.choices }
}
