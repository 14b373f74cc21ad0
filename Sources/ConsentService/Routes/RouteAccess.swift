/// Who may call a group of routes, which decides the cross-cutting behaviour `RouteTable` adds.
enum RouteAccess: Sendable, Equatable {
    /// Browsers and servers: CORS headers and `OPTIONS` preflight; no authentication.
    case `public`
    /// Auditors: `Authorization: Bearer` required (401 otherwise); no CORS headers.
    case auditor
    /// Operators and orchestrators (`/healthz`, `/readyz`, `/metrics`): neither CORS nor authentication.
    case operations
}
