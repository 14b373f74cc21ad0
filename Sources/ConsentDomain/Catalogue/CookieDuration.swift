/// How long a cookie lives, normalised from the policy's label.
public enum CookieDuration: Hashable, Sendable {
    /// Deleted when the browser closes.
    case session(label: String)
    /// Lives for a fixed time: `iso8601` (e.g. `P100D`) and its length in seconds.
    case persistent(iso8601: String, seconds: Int, label: String)
    /// Never expires on its own; replaced on some event (login, session change).
    case untilReplaced(label: String)

    /// The label as the source wrote it.
    public var label: String {
        switch self {
        case .session(let label), .untilReplaced(let label): label
        case .persistent(_, _, let label): label
        }
    }

    /// `session`, `persistent` or `until-replaced` (the API's `duration` filter values).
    public var kind: String {
        switch self {
        case .session: "session"
        case .persistent: "persistent"
        case .untilReplaced: "until-replaced"
        }
    }
}
