/// Size limits on a catalogue file, checked by `CatalogueLoader` before anything is built.
public struct CatalogueLimits: Hashable, Sendable {
    /// Largest catalogue file, in bytes. Default 4,194,304 (4 MiB).
    public var maxFileBytes = 4_194_304
    /// Most cookie entries. Default 10,000.
    public var maxCookies = 10_000
    /// Longest cookie id, in UTF-8 bytes. Default 64. Ids are `[A-Za-z0-9._-]`, starting alphanumeric.
    public var maxIDBytes = 64
    /// Longest declared cookie name, in UTF-8 bytes. Default 256.
    public var maxNameBytes = 256
    /// Longest purpose, category name or description, in UTF-8 bytes. Default 4,096.
    public var maxTextBytes = 4_096
    /// Longest single service name, in UTF-8 bytes. Default 128.
    public var maxServiceBytes = 128
    /// Most services on one cookie. Default 32.
    public var maxServices = 32

    public init() {}

    /// True when `id` is 1…`maxIDBytes` bytes of `[A-Za-z0-9._-]` and starts with a letter or digit
    /// (safe as a URL path segment, never `.` or `..`).
    public func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, bytes.count <= maxIDBytes, Self.isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
