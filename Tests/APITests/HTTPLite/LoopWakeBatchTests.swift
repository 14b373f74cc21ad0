import Glibc
import Testing
@testable import HTTPLite

/// A mailbox on a fresh non-blocking eventfd, and whether that eventfd has been signalled (reading resets it).
private func makeMailbox() throws -> LoopMailbox {
    LoopMailbox(wakeFD: try Syscalls.makeEventFD())
}

private func takeSignal(_ mailbox: LoopMailbox) -> UInt64? {
    var value: UInt64 = 0
    return Glibc.read(mailbox.wakeFD, &value, 8) == 8 ? value : nil
}

@Suite struct LoopWakeBatchTests {
    /// Outside a batch the first message into an empty mailbox wakes the loop at once, later ones do not.
    @Test func postWakesAtOnceOutsideABatch() throws {
        let mailbox = try makeMailbox()
        defer { mailbox.close() }
        mailbox.post(.shutdown)
        mailbox.post(.shutdown)
        #expect(takeSignal(mailbox) == 1)
        #expect(mailbox.takeAll().count == 2)
    }

    /// Inside a batch no loop is woken until it ends; then each mailbox posted to is woken exactly once.
    @Test func batchWakesEachLoopOnceAtTheEnd() throws {
        let first = try makeMailbox(), second = try makeMailbox()
        defer {
            first.close()
            second.close()
        }
        LoopWakeBatch.run {
            for _ in 0..<10 {
                first.post(.shutdown)
                second.post(.shutdown)
            }
            #expect(takeSignal(first) == nil)
            #expect(takeSignal(second) == nil)
            LoopWakeBatch.run { _ = first.post(.shutdown) }  // nested: joins the outer batch
            #expect(takeSignal(first) == nil)
        }
        #expect(takeSignal(first) == 1)
        #expect(takeSignal(second) == 1)
        #expect(first.takeAll().count == 11)
        #expect(second.takeAll().count == 10)
    }

    /// A mailbox closed before the batch ends is not signalled (its descriptor may name another file by then).
    @Test func closedMailboxIsNotWokenAfterTheBatch() throws {
        let mailbox = try makeMailbox()
        var probe: Int32 = -1
        LoopWakeBatch.run {
            mailbox.post(.shutdown)
            mailbox.close()
            probe = (try? Syscalls.makeEventFD()) ?? -1  // likely reuses the closed descriptor's number
        }
        defer { Glibc.close(probe) }
        var value: UInt64 = 0
        #expect(Glibc.read(probe, &value, 8) == -1)
    }
}
