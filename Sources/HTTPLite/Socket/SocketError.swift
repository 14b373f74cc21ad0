/// A failed socket or event-loop system call, with the call's name and the `errno` it set.
public enum SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `call` failed with `errno` (e.g. `bind` with `EADDRINUSE` = 98 when the port is taken).
    case systemCall(_ call: String, errno: Int32)
    /// The configured host is not a numeric IPv4/IPv6 address (or `localhost`).
    case invalidAddress(String)
    /// The operation would block (`EAGAIN`); try again when the descriptor is ready.
    case wouldBlock
    /// The peer closed the connection (read returned 0).
    case peerClosed

    public var description: String {
        switch self {
        case .systemCall(let call, let code): "\(call) failed: errno \(code) (\(Syscalls.errorText(code)))"
        case .invalidAddress(let host): "invalid listen address \(host)"
        case .wouldBlock: "operation would block"
        case .peerClosed: "peer closed the connection"
        }
    }
}
