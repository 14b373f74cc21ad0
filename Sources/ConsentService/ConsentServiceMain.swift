import ConsentDomain
import Glibc
import HTTPLite

/// Placeholder entry point on the HTTP branch (the lead replaces it on merge): serves the
/// bytes of one file at `GET /v1/catalogue` so the server can be benchmarked.
/// Usage: consent-service [--host H] [--port N] [--body-file PATH] [--loops N]
@main
struct ConsentServiceMain {
    static func main() {
        var configuration = ServerConfiguration()
        var bodyFile = "/work/shared/peers/catalogue.json"
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            let value = arguments.next() ?? ""
            switch argument {
            case "--host": configuration.host = value
            case "--port": configuration.port = Int(value) ?? configuration.port
            case "--loops": configuration.eventLoops = Int(value) ?? configuration.eventLoops
            case "--body-file": bodyFile = value
            default:
                print("unknown argument \(argument)")
                exit(2)
            }
        }
        guard let file = fopen(bodyFile, "rb") else {
            print("cannot open \(bodyFile)")
            exit(1)
        }
        var body: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            body.append(contentsOf: chunk[0..<n])
        }
        fclose(file)
        let payload = body
        var router = Router()
        router.add(.GET, "/v1/catalogue") { _ in
            .immediate(HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], bytes: payload))
        }
        let logger = Logger(label: "consent-service")
        let server = HTTPServer(configuration: configuration, handler: router, logger: logger)
        ShutdownSignal.install { server.shutdown() }
        do {
            try server.start()
        } catch {
            logger.error("start failed", metadata: ["error": "\(error)"])
            exit(1)
        }
        server.waitUntilStopped()
    }
}
