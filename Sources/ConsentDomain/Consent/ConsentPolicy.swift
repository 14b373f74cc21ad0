#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How long a recorded choice stays valid. Pure date arithmetic; "now" is always passed in.
///
/// Acceptances and refusals have separate TTLs (CNIL's good practice keeps a choice for
/// six months and asks that a refusal be remembered as long as an acceptance). A
/// *refusal* is a snapshot whose every optional category is `false`, which includes
/// every withdrawal; any other snapshot is an *acceptance*.
///
/// The default for both is **180 days = 15,552,000 s**, fixed seconds rather than
/// calendar months so that expiry does not depend on a calendar or time zone. 180 days is
/// never longer than six calendar months from any start date (the shortest six-month span,
/// September to February, is 181 days), so the default never keeps a choice beyond the
/// guideline.
public struct ConsentPolicy: Sendable, Hashable {
    /// Lifetime of a choice that allows at least one optional category. Default 180 days.
    public var acceptanceTTL: Duration
    /// Lifetime of a choice that refuses every optional category (including a withdrawal).
    /// Default 180 days.
    public var refusalTTL: Duration

    /// 180 days, in seconds: 15,552,000.
    public static let defaultTTL: Duration = .seconds(180 * 86_400)

    public init(acceptanceTTL: Duration = ConsentPolicy.defaultTTL, refusalTTL: Duration = ConsentPolicy.defaultTTL) {
        self.acceptanceTTL = acceptanceTTL
        self.refusalTTL = refusalTTL
    }

    /// The TTL that applies to `snapshot`: `refusalTTL` for a refusal or withdrawal,
    /// `acceptanceTTL` otherwise.
    public func ttl(for snapshot: ConsentSnapshot) -> Duration {
        ttl(action: snapshot.action, choices: snapshot.choices)
    }

    /// The TTL of a record with this action and these effective choices (as `ttl(for:)`, without a snapshot).
    public func ttl(action: ConsentAction, choices: ConsentChoices) -> Duration {
        action == .withdraw || choices.isRefusal ? refusalTTL : acceptanceTTL
    }

    /// `ttl(action:choices:)` in seconds, as `expiresAt(for:) - recordedAt` gives it for such a record
    /// recorded at the Unix epoch (the same `Date` arithmetic, so a fractional TTL rounds the same way).
    public func lifetime(action: ConsentAction, choices: ConsentChoices) -> TimeInterval {
        let epoch = Date(timeIntervalSince1970: 0)
        return epoch.addingTimeInterval(Self.seconds(ttl(action: action, choices: choices))).timeIntervalSince(epoch)
    }

    /// The instant `snapshot` stops being valid: `recordedAt + ttl(for:)`. At that exact
    /// instant the choice is already expired.
    public func expiresAt(for snapshot: ConsentSnapshot) -> Date {
        snapshot.recordedAt.addingTimeInterval(Self.seconds(ttl(for: snapshot)))
    }

    /// The visitor's state at `now` under `catalogue`.
    ///
    /// - `nil` → `.default` (never recorded).
    /// - `now >= expiresAt` → `.expired`.
    /// - otherwise `.granted`, with `reconsentRequired` = the optional categories whose
    ///   per-category version in `catalogue` differs from the one recorded with the choice
    ///   (banner order). Essential is never listed: essential cookies need no consent, so a
    ///   change there does not invalidate a choice.
    /// - Parameters:
    ///   - snapshot: The visitor's latest record, if any.
    ///   - catalogue: The catalogue the state is judged against (the current one, or an
    ///     archived one for a point-in-time query).
    ///   - now: The instant of evaluation.
    public func state(for snapshot: ConsentSnapshot?, catalogue: Catalogue, now: Date) -> ConsentState {
        guard let snapshot else { return .default }
        let expiry = expiresAt(for: snapshot)
        guard now < expiry else { return .expired(snapshot, expiredAt: expiry) }
        var changed = catalogue.changedCategories(since: snapshot.categoryVersions)
        if !changed.isEmpty { changed.removeAll { $0.isRequired } }
        return .granted(snapshot, expiresAt: expiry, reconsentRequired: changed)
    }

    /// `duration` as a `TimeInterval` (seconds, sub-second part kept).
    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
