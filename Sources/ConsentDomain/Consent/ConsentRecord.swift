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
///
/// The fields live in one immutable shared object: a copy of a draft (the route's, the log's queue,
/// the written record) costs one reference count instead of one per string and dictionary. Setting a
/// field gives the draft a new object (drafts are built once and rarely changed).
public struct ConsentDraft: Sendable, Hashable {
    private struct Fields: Sendable, Hashable {
        var consentID: String
        var visitorID: VisitorID
        var action: ConsentAction
        var choices: ConsentChoices
        var catalogueVersion: String
        var categoryVersions: [CookieCategory: String]
        var gpcHeader: String?
        var gpcApplied: Bool
        var source: String?
        var locale: String?
        var noticeVersion: String?
    }

    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    public var consentID: String {
        get { storage.fields.consentID }
        set { update { $0.consentID = newValue } }
    }
    public var visitorID: VisitorID {
        get { storage.fields.visitorID }
        set { update { $0.visitorID = newValue } }
    }
    public var action: ConsentAction {
        get { storage.fields.action }
        set { update { $0.action = newValue } }
    }
    /// Effective choices (after essential and GPC rules were applied).
    public var choices: ConsentChoices {
        get { storage.fields.choices }
        set { update { $0.choices = newValue } }
    }
    public var catalogueVersion: String {
        get { storage.fields.catalogueVersion }
        set { update { $0.catalogueVersion = newValue } }
    }
    public var categoryVersions: [CookieCategory: String] {
        get { storage.fields.categoryVersions }
        set { update { $0.categoryVersions = newValue } }
    }
    /// The raw `Sec-GPC` header value as received, kept as evidence (`nil` when absent).
    public var gpcHeader: String? {
        get { storage.fields.gpcHeader }
        set { update { $0.gpcHeader = newValue } }
    }
    /// Whether GPC forced `targeting:false`.
    public var gpcApplied: Bool {
        get { storage.fields.gpcApplied }
        set { update { $0.gpcApplied = newValue } }
    }
    public var source: String? {
        get { storage.fields.source }
        set { update { $0.source = newValue } }
    }
    public var locale: String? {
        get { storage.fields.locale }
        set { update { $0.locale = newValue } }
    }
    public var noticeVersion: String? {
        get { storage.fields.noticeVersion }
        set { update { $0.noticeVersion = newValue } }
    }

    public init(consentID: String, visitorID: VisitorID, action: ConsentAction, choices: ConsentChoices,
                catalogueVersion: String, categoryVersions: [CookieCategory: String],
                gpcHeader: String? = nil, gpcApplied: Bool = false,
                source: String? = nil, locale: String? = nil, noticeVersion: String? = nil) {
        storage = Storage(Fields(consentID: consentID, visitorID: visitorID, action: action, choices: choices,
                                 catalogueVersion: catalogueVersion, categoryVersions: categoryVersions,
                                 gpcHeader: gpcHeader, gpcApplied: gpcApplied,
                                 source: source, locale: locale, noticeVersion: noticeVersion))
    }

    /// Replaces the storage by a changed copy of its fields.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    public static func == (lhs: ConsentDraft, rhs: ConsentDraft) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
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
