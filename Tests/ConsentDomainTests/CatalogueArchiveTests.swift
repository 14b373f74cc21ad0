import Foundation
import Synchronization
import Testing
@testable import ConsentDomain

@Suite struct CatalogueArchiveTests {
    /// A fresh data directory under the system temporary directory, removed by `cleanUp()`.
    struct DataDirectory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-archive-\(UUID().uuidString)").path
        var archive: CatalogueArchive { CatalogueArchive(dataDirectory: path) }
        func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
    }

    static let other = Catalogue(categories: DefaultCatalogue.categories, cookies: Array(DefaultCatalogue.catalogue.cookies.prefix(3)))

    /// A stored version loads back equal, with the same version and cookies.
    @Test func storesAndReloads() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        #expect(try dir.archive.store(DefaultCatalogue.catalogue))
        let loaded = try #require(try dir.archive.load(version: DefaultCatalogue.catalogue.version))
        #expect(loaded.version == DefaultCatalogue.catalogue.version)
        #expect(loaded.cookies == DefaultCatalogue.catalogue.cookies)
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/catalogues/\(loaded.version).json"))
    }

    /// Storing the same version twice writes once and leaves the first file untouched.
    @Test func writesEachVersionOnce() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        let version = DefaultCatalogue.catalogue.version
        #expect(try dir.archive.store(DefaultCatalogue.catalogue))
        let first = try FileManager.default.attributesOfItem(atPath: dir.archive.path(for: version))
        #expect(try dir.archive.store(DefaultCatalogue.catalogue) == false)
        let second = try FileManager.default.attributesOfItem(atPath: dir.archive.path(for: version))
        #expect(first[.systemFileNumber] as? Int == second[.systemFileNumber] as? Int)
        #expect(dir.archive.versions() == [version])
    }

    /// An existing file is never rewritten, even if its bytes differ.
    @Test func neverRewritesAnExistingFile() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        let version = DefaultCatalogue.catalogue.version
        try FileManager.default.createDirectory(atPath: dir.archive.directory, withIntermediateDirectories: true)
        try Data("planted".utf8).write(to: URL(fileURLWithPath: dir.archive.path(for: version)))
        #expect(try dir.archive.store(DefaultCatalogue.catalogue) == false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.archive.path(for: version))) == Data("planted".utf8))
    }

    /// Several versions coexist and are listed sorted; no temporary files are left behind.
    @Test func keepsSeveralVersions() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        try dir.archive.store(DefaultCatalogue.catalogue)
        try dir.archive.store(Self.other)
        #expect(dir.archive.versions() == [DefaultCatalogue.catalogue.version, Self.other.version].sorted())
        #expect(try dir.archive.load(version: Self.other.version)?.cookies.count == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.archive.directory).count == 2)
    }

    /// An unknown version is `nil`, not an error.
    @Test func missingVersionIsNil() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        #expect(try dir.archive.load(version: "0123456789abcdef") == nil)
        #expect(dir.archive.versions() == [])
    }

    /// Versions that are not 16 lower-case hex digits are refused before touching the file system.
    @Test(arguments: ["../../etc/passwd", "", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "0123456789abcdeg"])
    func refusesInvalidVersions(version: String) {
        #expect(throws: CatalogueArchiveError.invalidVersion(version)) {
            try CatalogueArchive(dataDirectory: "/nonexistent").load(version: version)
        }
    }

    /// A file whose content hashes to another version is reported corrupt.
    @Test func detectsTamperedFile() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        try dir.archive.store(Self.other)
        let fake = "fedcba9876543210"
        try FileManager.default.copyItem(atPath: dir.archive.path(for: Self.other.version), toPath: dir.archive.path(for: fake))
        #expect(throws: CatalogueArchiveError.corrupt(version: fake, reason: "content hashes to \(Self.other.version)")) {
            try dir.archive.load(version: fake)
        }
    }

    /// A file that is not a catalogue is reported corrupt, not crashed on.
    @Test func detectsGarbageFile() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        try FileManager.default.createDirectory(atPath: dir.archive.directory, withIntermediateDirectories: true)
        try Data([0xFF, 0x00, 0x7B]).write(to: URL(fileURLWithPath: dir.archive.path(for: "0000000000000000")))
        #expect {
            try dir.archive.load(version: "0000000000000000")
        } throws: { error in
            guard case CatalogueArchiveError.corrupt(version: "0000000000000000", _) = error else { return false }
            return true
        }
    }
}

extension CatalogueArchiveTests {
    /// A data directory that cannot be created is an I/O error naming the call, not a crash.
    @Test func reportsUncreatableDirectory() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        try Data("file, not a directory".utf8).write(to: URL(fileURLWithPath: dir.path))
        #expect(throws: CatalogueArchiveError.io(call: "mkdir", errno: ENOTDIR)) {
            try dir.archive.store(DefaultCatalogue.catalogue)
        }
    }
}

extension CatalogueArchiveTests {
    /// Eight simultaneous stores of one version write exactly one file; the others see it and back off.
    @Test func concurrentStoresWriteOnce() throws {
        let dir = DataDirectory()
        defer { dir.cleanUp() }
        let archive = dir.archive
        let written = Mutex(0)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                if try archive.store(DefaultCatalogue.catalogue) { written.withLock { $0 += 1 } }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(written.withLock { $0 } == 1)
        #expect(failures.withLock { $0 } == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.directory) == ["\(DefaultCatalogue.catalogue.version).json"])
        #expect(try archive.load(version: DefaultCatalogue.catalogue.version)?.version == DefaultCatalogue.catalogue.version)
    }
}
