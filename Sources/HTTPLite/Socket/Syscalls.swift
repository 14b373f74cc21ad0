import Glibc

// `sys/epoll.h` and `sys/eventfd.h` are not part of Swift's Glibc module map, and the package
// has no C target. These five C functions (accept4 needs _GNU_SOURCE, so it is missing too) take only integers and pointers, which the Swift
// and C calling conventions pass identically on Linux, so they are declared here directly.
@_silgen_name("epoll_create1") private func c_epoll_create1(_ flags: Int32) -> Int32
@_silgen_name("epoll_ctl") private func c_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("epoll_wait") private func c_epoll_wait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ max: Int32, _ timeout: Int32) -> Int32
@_silgen_name("eventfd") private func c_eventfd(_ initial: UInt32, _ flags: Int32) -> Int32
@_silgen_name("accept4") private func c_accept4(_ fd: Int32, _ address: UnsafeMutableRawPointer?, _ length: UnsafeMutableRawPointer?, _ flags: Int32) -> Int32

/// Every libc call HTTPLite makes. Each retries `EINTR` and turns a failure into a
/// `SocketError` naming the call and its `errno` (STYLE R11).
enum Syscalls {
    /// epoll event bits (`sys/epoll.h`).
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollErr: UInt32 = 0x008
    static let epollHup: UInt32 = 0x010
    static let epollRdHup: UInt32 = 0x2000
    static let epollExclusive: UInt32 = 1 << 28
    #if arch(x86_64)
    /// Size of `struct epoll_event`: u32 events + u64 data, packed on x86_64 (`EPOLL_PACKED`).
    static let epollEventSize = 12
    /// Byte offset of `data` in `struct epoll_event`.
    static let epollDataOffset = 4
    #else
    /// Size of `struct epoll_event`: u32 events + u64 data, naturally aligned (arm64 and others).
    static let epollEventSize = 16
    /// Byte offset of `data` in `struct epoll_event`.
    static let epollDataOffset = 8
    #endif

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static func check(_ call: String, _ body: () -> Int32) throws(SocketError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .wouldBlock }
            throw .systemCall(call, errno: code)
        }
    }

    // MARK: Listening

    /// A non-blocking, close-on-exec TCP socket bound to `host:port` with `SO_REUSEADDR`, listening.
    /// - Returns: The descriptor and the bound port (useful when `port` is 0).
    static func makeListeningSocket(host: String, port: Int, backlog: Int32) throws(SocketError) -> (fd: Int32, port: Int) {
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        let isIPv6 = numericHost.contains(":")
        let family = isIPv6 ? AF_INET6 : AF_INET
        guard (0...65_535).contains(port) else { throw .invalidAddress("\(host):\(port)") }
        let fd = try check("socket") { socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(SocketError) {
            var one: Int32 = 1
            _ = try check("setsockopt(SO_REUSEADDR)") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
            if isIPv6 {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                guard inet_pton(AF_INET6, numericHost, &address.sin6_addr) == 1 else { throw .invalidAddress(host) }
                _ = try check("bind") {
                    withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
                }
            } else {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                guard inet_pton(AF_INET, numericHost, &address.sin_addr) == 1 else { throw .invalidAddress(host) }
                _ = try check("bind") {
                    withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                }
            }
            _ = try check("listen") { listen(fd, backlog) }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = try check("getsockname") {
                withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            }
            let boundPort: UInt16 = withUnsafePointer(to: &storage) { pointer in
                isIPv6
                    ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                    : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
            return (fd, Int(boundPort))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY`.
    /// - Throws: `.wouldBlock` when none is pending.
    static func accept(_ listener: Int32) throws(SocketError) -> Int32 {
        let fd = try check("accept4") { c_accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)) }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    // MARK: Data

    /// Reads up to `buffer.count` bytes.
    /// - Returns: The byte count (> 0). - Throws: `.peerClosed` on EOF, `.wouldBlock`, or the errno.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return n }
            if n == 0 { throw .peerClosed }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .wouldBlock }
            throw .systemCall("read", errno: code)
        }
    }

    /// Writes the gathered buffers with one `sendmsg` (no `SIGPIPE`).
    /// - Returns: Bytes written, possibly fewer than offered; 0 when the socket buffer is full.
    static func write(
        _ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
        _ third: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) throws(SocketError) -> Int {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: third.baseAddress), iov_len: third.count)
        )
        let count = third.count > 0 ? 3 : (second.count > 0 ? 2 : 1)
        while true {
            let n = withUnsafeMutablePointer(to: &vectors) { pointer in
                pointer.withMemoryRebound(to: iovec.self, capacity: 3) { iov in
                    var message = msghdr()
                    message.msg_iov = iov
                    message.msg_iovlen = count
                    return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                }
            }
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return 0 }
            throw .systemCall("sendmsg", errno: code)
        }
    }

    /// Closes `fd`, ignoring errors (the descriptor is released either way on Linux).
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    // MARK: Event loop

    static func makeEpoll() throws(SocketError) -> Int32 {
        try check("epoll_create1") { c_epoll_create1(O_CLOEXEC) }
    }

    /// A non-blocking eventfd used to wake an event loop from another thread.
    static func makeEventFD() throws(SocketError) -> Int32 {
        try check("eventfd") { c_eventfd(0, O_NONBLOCK | O_CLOEXEC) }
    }

    /// Adds (`op` 1), removes (2) or modifies (3) `fd`'s interest `events` with user `data`.
    static func epollControl(_ epfd: Int32, op: Int32, fd: Int32, events: UInt32, data: UInt64) throws(SocketError) {
        var event: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
        _ = try withUnsafeMutableBytes(of: &event) { raw throws(SocketError) in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: data, toByteOffset: epollDataOffset, as: UInt64.self)
            return try check("epoll_ctl") { c_epoll_ctl(epfd, op, fd, raw.baseAddress) }
        }
    }

    /// Waits up to `timeoutMilliseconds` for events into `buffer` (`epollEventSize` bytes each).
    /// - Returns: The number of ready events (0 on timeout or `EINTR`).
    static func epollWait(_ epfd: Int32, into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) throws(SocketError) -> Int {
        let n = c_epoll_wait(epfd, buffer.baseAddress!, Int32(buffer.count / epollEventSize), timeoutMilliseconds)
        if n >= 0 { return Int(n) }
        let code = errno
        if code == EINTR { return 0 }
        throw .systemCall("epoll_wait", errno: code)
    }

    /// Adds 1 to an eventfd's counter.
    static func signalEventFD(_ fd: Int32) {
        var one: UInt64 = 1
        while Glibc.write(fd, &one, 8) < 0 && errno == EINTR {}
    }

    /// Resets an eventfd's counter.
    static func drainEventFD(_ fd: Int32) {
        var value: UInt64 = 0
        while Glibc.read(fd, &value, 8) < 0 && errno == EINTR {}
    }

    // MARK: Time

    /// Seconds since the Unix epoch, from the coarse real-time clock (for the `Date` header).
    static func wallClockSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return Int(now.tv_sec)
    }
}

extension Syscalls {
    /// Closes the sending side (`shutdown(SHUT_WR)`), so the peer reads EOF after our last byte.
    static func shutdownWrite(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Bytes received on the socket and not yet read (`FIONREAD`); 0 when unknown.
    static func unreadBytes(_ fd: Int32) -> Int {
        var count: Int32 = 0
        return ioctl(fd, UInt(FIONREAD), &count) == 0 ? Int(count) : 0
    }

    /// SIGTERM and SIGINT.
    static let terminationSignals: [Int32] = [SIGTERM, SIGINT]

    /// Sets `signal`'s disposition to ignore, so only a dispatch source observes it.
    static func ignoreSignal(_ signal: Int32) { _ = Glibc.signal(signal, SIG_IGN) }
}
