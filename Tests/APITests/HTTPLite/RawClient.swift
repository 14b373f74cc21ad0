import Foundation
import Glibc
@testable import HTTPLite

/// A blocking POSIX TCP client for live-socket tests (5 s receive timeout).
final class RawClient {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { HTTPHeaders.namesEqual($0.0, name) }?.1 }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let fd: Int32
    private var buffer: [UInt8] = []

    /// - Parameter receiveBufferBytes: `SO_RCVBUF` set before connecting (a small TCP window), or `nil`.
    init(port: Int, receiveTimeoutSeconds: Int = 5, receiveBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket errno \(errno)") }
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect errno \(errno)")
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send errno \(errno)") }
            offset += n
        }
    }

    /// Reads more bytes into the buffer. - Returns: false on EOF.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return false }
        guard n > 0 else { throw Failure(description: "recv errno \(errno)") }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// True when the server has closed the connection (reads EOF, or reset) with no more bytes.
    func readsEOF() throws -> Bool {
        guard buffer.isEmpty else { return false }
        var chunk = [UInt8](repeating: 0, count: 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return true }
        if n < 0 { return errno == ECONNRESET }
        buffer.append(contentsOf: chunk[0..<n])
        return false
    }

    /// Reads one response. - Parameter isHead: the response to a HEAD request (no body).
    func readResponse(isHead: Bool = false) throws -> Response {
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) { headEnd = range.upperBound; break }
            guard try fill() else { throw Failure(description: "EOF before head") }
        }
        let headEndIndex = headEnd ?? 0
        let headText = String(decoding: buffer[..<(headEndIndex - 4)], as: UTF8.self)
        buffer.removeFirst(headEndIndex)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = Response(status: status, headers: headers, body: [])
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length { guard try fill() else { throw Failure(description: "EOF in body") } }
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else if response.header("Transfer-Encoding") == "chunked" {
            response.body = try readChunkedBody()
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    private func readLine() throws -> String {
        while true {
            if let range = buffer.firstRange(of: [0x0D, 0x0A]) {
                let line = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeFirst(range.upperBound)
                return line
            }
            guard try fill() else { throw Failure(description: "EOF in chunked body") }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let size = Int(try readLine(), radix: 16) else { throw Failure(description: "bad chunk size") }
            if size == 0 {
                _ = try readLine()
                return body
            }
            while buffer.count < size + 2 { guard try fill() else { throw Failure(description: "EOF in chunk") } }
            body.append(contentsOf: buffer[..<size])
            buffer.removeFirst(size + 2)
        }
    }
}
