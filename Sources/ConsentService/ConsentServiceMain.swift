import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import HTTPLite

/// Entry point: parses the command line, then serves, verifies or probes.
/// Exit status: 0 success, 1 runtime failure, 64 (`EX_USAGE`) bad flags or environment.
@main
struct ConsentServiceMain {
    static let usageExitCode: Int32 = 64
    static let failureExitCode: Int32 = 1

    static func main() {
        let command: ServiceCommand
        do {
            command = try ConfigurationParser.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                                    environment: ProcessInfo.processInfo.environment)
        } catch {
            Logger.standardError("consent-service: \(error.message)")
            exit(usageExitCode)
        }
        switch command {
        case .help:
            print(UsageText.make(version: ServiceVersion.current))
        case .version:
            print("consent-service \(ServiceVersion.current)")
        case .healthcheck(let target):
            let outcome = HealthcheckClient(target: target).probe()
            switch outcome {
            case .answered(let status): print("healthcheck: HTTP \(status)")
            case .failed(let reason): print("healthcheck: \(reason)")
            }
            exit(outcome.isHealthy ? 0 : failureExitCode)
        case .verify(let directory):
            exit(verify(directory: directory))
        case .serve(let configuration):
            exit(serve(configuration))
        }
    }

    /// Runs the service until SIGTERM/SIGINT.
    private static func serve(_ configuration: ServiceConfiguration) -> Int32 {
        let app = ServiceApp(configuration: configuration, bufferAccessLog: true)
        app.logStartup()
        let catalogue: Catalogue
        do {
            catalogue = try loadCatalogue(configuration.catalogueFile)
        } catch {
            app.logger.error("start failed", metadata: ["reason": "\(error)"])
            Logger.standardError("consent-service: \(error)")
            return failureExitCode
        }
        let log: ConsentLog
        do {
            let started = ContinuousClock.now
            var options = LogOptions(segmentSize: configuration.segmentSize, fsync: configuration.fsync,
                                     retention: configuration.retention)
            let metrics = app.metrics
            options.onGroupCommit = { records, syncSeconds in
                metrics.recordGroupCommit(fsyncSeconds: syncSeconds, batchSize: records)
            }
            // A commit's responses go to the event loops together: each loop is woken once, after the last.
            options.completionScope = { completeAll in LoopWakeBatch.run(completeAll) }
            let logger = app.logger
            options.onWarning = { message, metadata in logger.warning(message, metadata: metadata) }
            let (opened, report) = try ConsentLog.open(directory: configuration.dataDirectory, options: options,
                                                       clock: SystemClock())
            log = opened
            logReplay(report, elapsed: ContinuousClock.now - started, logger: app.logger)
        } catch {
            app.logger.error("start failed", metadata: ["reason": "consent log: \(error)"])
            Logger.standardError("consent-service: consent log in \(configuration.dataDirectory): \(error)")
            return failureExitCode
        }
        let context = app.makeContext(catalogue: catalogue, log: log, readinessChecks: [
            ReadinessCheck(name: "log") {
                if case .failed(let reason) = log.health { return "consent log not writable: \(reason)" }
                return nil
            },
        ])
        do {
            if try context.archive.store(catalogue) {
                app.logger.info("catalogue archived", metadata: ["catalogue.version": catalogue.version])
            }
        } catch {
            app.logger.error("start failed", metadata: ["reason": "catalogue archive: \(error)"])
            return failureExitCode
        }
        app.logger.info("catalogue loaded", metadata: [
            "catalogue.version": catalogue.version, "catalogue.cookies": String(catalogue.cookies.count),
        ])
        if configuration.auditTokens.isEmpty {
            app.logger.notice("audit API disabled", metadata: ["reason": "no auditor token configured"])
        }
        let server = HTTPServer(configuration: configuration.serverConfiguration,
                                handler: app.makeHandler(context: context), logger: app.logger)
        do {
            try server.start()
        } catch {
            app.logger.error("start failed", metadata: ["reason": "\(error)"])
            Logger.standardError("consent-service: cannot listen on \(configuration.host):\(configuration.port): \(error)")
            log.close()
            return failureExitCode
        }
        let retention = RetentionSchedule(log: log, logger: app.logger)
        retention.start()
        let status = app.run(server: server)
        retention.stop()
        log.close()
        app.logger.info("log closed", metadata: ["log.records": String(log.stats.records)])
        return status
    }

    /// The catalogue from `--catalogue FILE`, or the built-in one.
    private static func loadCatalogue(_ path: String?) throws -> Catalogue {
        guard let path else { return DefaultCatalogue.catalogue }
        let limit = CatalogueLimits().maxFileBytes
        guard let data = readPrefix(of: path, maxBytes: limit + 1) else {
            throw CatalogueFileError(path: path, reason: "cannot open the file")
        }
        guard data.count <= limit else {
            throw CatalogueFileError(path: path, reason: "larger than \(limit) bytes")
        }
        do {
            return try CatalogueLoader().load(data)
        } catch {
            throw CatalogueFileError(path: path, reason: "\(error)")
        }
    }

    /// At most `maxBytes` bytes from the start of the file at `path`; `nil` when it cannot be opened or read.
    private static func readPrefix(of path: String, maxBytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: maxBytes)
        var count = 0
        while count < maxBytes {
            let n = bytes.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + count, maxBytes - count) }
            if n > 0 {
                count += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                return nil
            }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func logReplay(_ report: ReplayReport, elapsed: Duration, logger: Logger) {
        if let torn = report.tornTail {
            logger.warning("log recovery: torn tail cut off", metadata: [
                "log.segment": torn.segment, "log.offset": String(torn.offset),
                "log.torn_bytes": String(torn.byteCount), "reason": torn.reason,
            ])
        }
        for segment in report.deletedSegments {
            logger.info("retention: segment deleted", metadata: ["log.segment": segment])
        }
        logger.info("log replayed", metadata: [
            "log.records": String(report.records), "log.segments": String(report.segments),
            "log.visitors": String(report.visitors), "log.head_hash": report.headHash,
            "duration.ms": String(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
        ])
    }

    /// Checks the consent log in `directory` offline: prints records, segments, head hash
    /// and the first fault; exit 0 only when the whole chain holds.
    private static func verify(directory: String) -> Int32 {
        let report = LogVerifier.verify(directory: directory)
        print("directory:  \(directory)")
        print("records:    \(report.records)")
        print("segments:   \(report.segments)")
        print("last seq:   \(report.lastSequence)")
        print("head hash:  \(report.headHash)")
        if let anchor = report.anchor {
            print("anchor:     chain starts at seq \(anchor.firstSequence) (earlier segments removed by retention)")
        }
        if let torn = report.tornTail {
            print("torn tail:  \(torn.segment) at offset \(torn.offset) (\(torn.byteCount) bytes): \(torn.reason)")
        }
        if let fault = report.firstFault {
            print("FAULT:      \(fault.segment) at offset \(fault.offset): \(fault.reason)")
            print("result:     BROKEN")
            return failureExitCode
        }
        print("result:     intact")
        return 0
    }
}

/// A catalogue file that could not be used, with its path.
struct CatalogueFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "catalogue file \(path): \(reason)" }
}

extension HTTPServer: RunningServer {}
