#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps every catalogue version the service has served, content-addressed, so a consent
/// recorded under a version can be interpreted later (auditors' point-in-time answers).
///
/// Layout: `<dataDir>/catalogues/<version>.json`, each file the `CatalogueEncoder` bytes of that
/// version. A file is written once: to a temporary name, `fsync`ed, then linked into place with
/// `link(2)` (which fails rather than replace an existing file), and the directory is `fsync`ed
/// so the new name survives a crash. An existing file is never rewritten.
public struct CatalogueArchive: Sendable {
    /// `<dataDir>/catalogues`.
    public let directory: String
    /// Largest archived file read back, in bytes. Default 4,194,304 (as `CatalogueLimits.maxFileBytes`).
    public var maxFileBytes = 4_194_304

    /// - Parameter dataDirectory: The service's data directory; `catalogues/` is created inside it.
    public init(dataDirectory: String) {
        directory = (dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory) + "/catalogues"
    }

    /// The file path for `version` (no check that it exists).
    public func path(for version: String) -> String { "\(directory)/\(version).json" }

    /// Writes `catalogue` unless its version is already archived.
    /// - Returns: `true` when a file was written, `false` when the version was already there.
    /// - Throws: `CatalogueArchiveError.io` naming the failed call and `errno`.
    @discardableResult
    public func store(_ catalogue: Catalogue) throws(CatalogueArchiveError) -> Bool {
        guard Self.isValidVersion(catalogue.version) else { throw .invalidVersion(catalogue.version) }
        try makeDirectory()
        let final = path(for: catalogue.version)
        if access(final, F_OK) == 0 { return false }
        let bytes = CatalogueEncoder.encode(catalogue)
        let temp = "\(directory)/.\(catalogue.version).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try writeSynced(bytes, to: temp)
        defer { _ = unlink(temp) }
        if link(temp, final) != 0 {
            let code = errno
            if code == EEXIST { return false }
            // Filesystems without hard links: fall back to rename after re-checking.
            guard code == EPERM || code == ENOTSUP || code == EXDEV || code == EMLINK || code == ENOSYS else {
                throw .io(call: "link", errno: code)
            }
            if access(final, F_OK) == 0 { return false }
            guard rename(temp, final) == 0 else { throw .io(call: "rename", errno: errno) }
        }
        try syncDirectory()
        return true
    }

    /// Reads back the catalogue archived as `version`.
    /// - Returns: The catalogue, or `nil` when no file has that version.
    /// - Throws: `.invalidVersion` for a version that is not 16 lower-case hex digits;
    ///   `.corrupt` when the file does not load or its content hashes to another version;
    ///   `.io` for read failures.
    public func load(version: String) throws(CatalogueArchiveError) -> Catalogue? {
        guard Self.isValidVersion(version) else { throw .invalidVersion(version) }
        guard let bytes = try readFile(path(for: version)) else { return nil }
        let catalogue: Catalogue
        do {
            catalogue = try CatalogueLoader().load(bytes)
        } catch {
            throw .corrupt(version: version, reason: error.description)
        }
        guard catalogue.version == version else {
            throw .corrupt(version: version, reason: "content hashes to \(catalogue.version)")
        }
        return catalogue
    }

    /// The archived versions, sorted; empty when the directory does not exist yet.
    public func versions() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.compactMap { name -> String? in
            guard name.hasSuffix(".json") else { return nil }
            let version = String(name.dropLast(5))
            return Self.isValidVersion(version) ? version : nil
        }.sorted()
    }

    /// A catalogue version is 16 lower-case hex digits (and so is safe as a file name).
    public static func isValidVersion(_ version: String) -> Bool {
        version.utf8.count == 16 && version.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: I/O

    /// Creates the data directory (if missing) and `catalogues/` inside it, mode 0755.
    private func makeDirectory() throws(CatalogueArchiveError) {
        let parent = String(directory.dropLast("/catalogues".count))
        for path in [parent, directory] where !path.isEmpty {
            if mkdir(path, 0o755) != 0 {
                let code = errno
                guard code == EEXIST else { throw .io(call: "mkdir", errno: code) }
            }
        }
    }

    private func writeSynced(_ bytes: [UInt8], to path: String) throws(CatalogueArchiveError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(call: "open", errno: errno) }
        defer { _ = close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                _ = unlink(path)
                throw .io(call: "write", errno: code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            _ = unlink(path)
            throw .io(call: "fsync", errno: code)
        }
    }

    private func syncDirectory() throws(CatalogueArchiveError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(call: "open", errno: errno) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw .io(call: "fsync", errno: errno) }
    }

    private func readFile(_ path: String) throws(CatalogueArchiveError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw .io(call: "open", errno: code)
        }
        defer { _ = close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .io(call: "read", errno: code)
            }
            if count == 0 { return result }
            guard result.count + count <= maxFileBytes else {
                throw .corrupt(version: String(path.split(separator: "/").last ?? ""), reason: "file larger than \(maxFileBytes) bytes")
            }
            result.append(contentsOf: chunk[0..<count])
        }
    }
}

/// A failure of `CatalogueArchive`.
public enum CatalogueArchiveError: Error, Equatable, Sendable {
    /// The version is not 16 lower-case hex digits (never used as a path).
    case invalidVersion(String)
    /// A system call failed; `errno` is its error number.
    case io(call: String, errno: Int32)
    /// The archived file exists but does not load, or hashes to another version.
    case corrupt(version: String, reason: String)
}
