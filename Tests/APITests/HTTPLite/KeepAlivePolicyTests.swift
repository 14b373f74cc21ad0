import Testing
@testable import HTTPLite

@Suite struct KeepAlivePolicyTests {
    /// A kept-alive response schedules the next read with the idle deadline.
    @Test func keepsConnectionWithIdleDeadline() {
        let policy = KeepAlivePolicy(idleTimeout: .seconds(60))
        let now = ContinuousClock.Instant.now
        #expect(policy.responseSent(keptAlive: true, now: now) == .readNext(idleDeadline: now + .seconds(60)))
    }

    /// While draining, every response closes its connection.
    @Test func closesWhileDraining() {
        var policy = KeepAlivePolicy(idleTimeout: .seconds(60))
        policy.isDraining = true
        #expect(!policy.shouldKeepAlive(clientWantsKeepAlive: true))
        #expect(policy.responseSent(keptAlive: true, now: .now) == .close)
    }

    /// Error responses and close-delimited bodies never keep the connection.
    @Test func closesAfterErrorsAndCloseDelimitedBodies() {
        let policy = KeepAlivePolicy(idleTimeout: .seconds(60))
        #expect(!policy.shouldKeepAlive(clientWantsKeepAlive: true, isErrorResponse: true))
        #expect(!policy.shouldKeepAlive(clientWantsKeepAlive: true, isCloseDelimited: true))
        #expect(policy.shouldKeepAlive(clientWantsKeepAlive: true))
    }

    /// HTTP/1.0 defaults to close, HTTP/1.1 to keep-alive.
    @Test func followsVersionDefaults() {
        #expect(!KeepAlivePolicy.clientWantsKeepAlive(version: .http1_0, hasClose: false, hasKeepAlive: false))
        #expect(KeepAlivePolicy.clientWantsKeepAlive(version: .http1_1, hasClose: false, hasKeepAlive: false))
    }
}
