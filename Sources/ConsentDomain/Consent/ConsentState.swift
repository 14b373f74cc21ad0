#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A visitor's consent as it stands at one instant (see `ConsentPolicy.state(for:catalogue:now:)`).
public enum ConsentState: Sendable, Hashable {
    /// No record: essential cookies only.
    case `default`
    /// A recorded, unexpired choice. `reconsentRequired` lists the optional categories
    /// (banner order) whose catalogue entries changed since the choice; those are not
    /// allowed until the visitor chooses again. A withdrawal or refusal is also `granted`
    /// (a valid, recorded choice) with every optional category `false`.
    case granted(ConsentSnapshot, expiresAt: Date, reconsentRequired: [CookieCategory])
    /// A recorded choice older than its TTL: essential cookies only.
    case expired(ConsentSnapshot, expiredAt: Date)

    /// The wire name of the state: `default`, `granted` or `expired`.
    public var name: String {
        switch self {
        case .default: "default"
        case .granted: "granted"
        case .expired: "expired"
        }
    }

    /// The latest record, if there is one.
    public var snapshot: ConsentSnapshot? {
        switch self {
        case .default: nil
        case .granted(let snapshot, _, _), .expired(let snapshot, _): snapshot
        }
    }

    /// When the choice expires (`granted`) or expired (`expired`); `nil` for `default`.
    public var expiresAt: Date? {
        switch self {
        case .default: nil
        case .granted(_, let date, _), .expired(_, let date): date
        }
    }

    /// Categories that need a new choice; empty unless `granted`.
    public var reconsentRequired: [CookieCategory] {
        if case .granted(_, _, let categories) = self { return categories }
        return []
    }

    /// What may be set now: the recorded choices minus the categories that need
    /// re-consent when `granted`; essential only otherwise.
    public var effectiveChoices: ConsentChoices {
        guard case .granted(let snapshot, _, let changed) = self else { return .essentialOnly }
        var choices = snapshot.choices
        for category in changed { choices[category] = false }
        return choices
    }
}
