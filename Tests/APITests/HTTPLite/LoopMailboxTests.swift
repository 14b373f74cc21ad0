import Testing
@testable import HTTPLite

@Suite struct LoopMailboxTests {
    /// Taking by swap gives every queued message in order, empties the queue, and the array handed back
    /// (with its old messages and capacity) becomes the queue that later posts fill — nothing stale or lost.
    @Test func takeAllSwapping_keepsOrderAndReusesTheSpare() throws {
        let mailbox = LoopMailbox(wakeFD: try Syscalls.makeEventFD())
        defer { mailbox.close() }
        for fd in 1...3 as ClosedRange<Int32> { mailbox.post(.adopt(fd: -fd)) }
        var spare: [LoopMessage] = [.shutdown]
        spare.reserveCapacity(64)
        mailbox.takeAll(swappingWith: &spare)
        #expect(spare.map(Self.adoptedFD) == [-1, -2, -3])
        mailbox.takeAll(swappingWith: &spare)
        #expect(spare.isEmpty)
        mailbox.post(.adopt(fd: -4))
        mailbox.takeAll(swappingWith: &spare)
        #expect(spare.map(Self.adoptedFD) == [-4])
    }

    private static func adoptedFD(_ message: LoopMessage) -> Int32? {
        if case .adopt(let fd) = message { return fd }
        return nil
    }
}
