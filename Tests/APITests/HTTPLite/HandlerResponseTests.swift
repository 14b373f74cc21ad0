import Synchronization
import Testing
@testable import HTTPLite

@Suite struct HandlerResponseTests {
    /// `map` on a `.callbackOnLoop` response transforms what the handed-over closure makes, only when it is made.
    @Test func callbackOnLoop_mapTransformsWhenProduced() async {
        let made = Atomic<Int>(0)
        let base = HandlerResponse.callbackOnLoop { complete in
            complete {
                made.add(1, ordering: .relaxed)
                return HTTPResponse(status: .created)
            }
        }
        let mapped = base.map { response in
            var response = response
            response.headers.add("X-Mapped", "1")
            return response
        }
        #expect(made.load(ordering: .relaxed) == 0)
        let response = await mapped.resolve()
        #expect(response.status == .created)
        #expect(response.headers["X-Mapped"] == "1")
        #expect(made.load(ordering: .relaxed) == 1)
    }
}
