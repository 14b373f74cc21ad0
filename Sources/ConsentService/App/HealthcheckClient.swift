import Glibc

/// The `healthcheck` subcommand's HTTP/1.1 client over a raw POSIX socket, so container
/// images need no curl. It sends one `GET` and reads only the status line.
struct HealthcheckClient: Sendable {
    /// What the probe found.
    enum Outcome: Sendable, Equatable {
        /// The server answered with `status`; healthy means 200.
        case answered(status: Int)
        /// No HTTP answer: `reason` names the failing step and errno.
        case failed(reason: String)

        var isHealthy: Bool { self == .answered(status: 200) }
    }

    let target: HealthcheckTarget
    /// Limit for connecting and for each send/receive. Default 3 s.
    var timeoutMilliseconds: Int32 = 3_000

    init(target: HealthcheckTarget) {
        self.target = target
    }

    /// Connects, sends the request and parses the status line.
    func probe() -> Outcome {
        let host = target.host == "localhost" ? "127.0.0.1" : target.host
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if host.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(target.port).bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { return .failed(reason: "bad address") }
            withUnsafeBytes(of: address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(target.port).bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return .failed(reason: "bad address") }
            withUnsafeBytes(of: address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failed(reason: "socket: errno \(errno)") }
        defer { close(fd) }

        let connected = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        if connected != 0 {
            guard errno == EINPROGRESS else { return .failed(reason: "connect: errno \(errno)") }
            guard wait(fd, for: Int16(POLLOUT)) else { return .failed(reason: "connect: timed out") }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            guard error == 0 else { return .failed(reason: "connect: errno \(error)") }
        }

        let hostHeader = host.contains(":") ? "[\(host)]:\(target.port)" : "\(host):\(target.port)"
        let request = Array("GET \(target.path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: consent-service-healthcheck\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK, wait(fd, for: Int16(POLLOUT)) { continue }
            return .failed(reason: "send: errno \(errno)")
        }

        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1_024)
        while response.count < 4_096, !response.contains(0x0A) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { response.append(contentsOf: buffer[..<n]); continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK, wait(fd, for: Int16(POLLIN)) { continue }
            return .failed(reason: "recv: errno \(errno)")
        }
        guard let status = Self.statusCode(in: response) else { return .failed(reason: "no HTTP status line") }
        return .answered(status: status)
    }

    /// The status code of an `HTTP/1.x NNN …` status line (RFC 9112 §4), or `nil`.
    static func statusCode(in bytes: [UInt8]) -> Int? {
        let line = bytes.prefix { $0 != 0x0D && $0 != 0x0A }
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
              parts[1].count == 3, let code = Int(parts[1]), (100...599).contains(code) else { return nil }
        return code
    }

    private func wait(_ fd: Int32, for events: Int16) -> Bool {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }
}
