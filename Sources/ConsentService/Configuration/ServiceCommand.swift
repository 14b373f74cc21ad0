/// What the command line asks for.
enum ServiceCommand: Sendable, Equatable {
    /// Run the service (the default command).
    case serve(ServiceConfiguration)
    /// Check the consent log in `directory` offline and exit.
    case verify(directory: String)
    /// Probe a running service's health endpoint and exit 0 (healthy) or 1.
    case healthcheck(HealthcheckTarget)
    /// Print the usage text.
    case help
    /// Print the version.
    case version
}

/// Where `healthcheck` connects: a plain `http://host:port/path` URL.
struct HealthcheckTarget: Sendable, Equatable {
    var host: String
    var port: Int
    var path: String

    /// Parses `http://host[:port][/path]`; the port defaults to 80 and the path to `/healthz`.
    /// IPv6 hosts are bracketed (`http://[::1]:8080/healthz`). Returns `nil` for anything else.
    init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, SettingValue.isHost(String(hostPart)) else { return nil }
        var port = 80
        if let portPart {
            guard let parsed = SettingValue.integer(String(portPart), in: 1...65_535) else { return nil }
            port = parsed
        }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        self.host = String(hostPart)
        self.port = port
        self.path = path.isEmpty ? "/healthz" : String(path)
    }

    init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }
}
