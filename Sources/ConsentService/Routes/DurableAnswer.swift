import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPLite
import Synchronization

/// What every durable answer of one `ConsentRoutes` registration shares: the services the log's
/// completion touches, the 201/200 head templates (CORS included when it is `*`) and the
/// group-commit times memo. One reference per request instead of one per service.
final class DurableAnswerShared: Sendable {
    let metrics: MetricsRegistry
    let idempotency: IdempotencyStore
    let logger: Logger
    let times: RecordTimesMemo
    /// `201 Created`: `Content-Type`, `Location` (per response), `Cache-Control`, then CORS.
    let created: ResponseHeadTemplate
    /// `200 OK` (withdrawal): `Content-Type`, `Cache-Control`, then CORS.
    let ok: ResponseHeadTemplate

    init(context: ServiceContext, times: RecordTimesMemo) {
        metrics = context.metrics
        idempotency = context.idempotency
        logger = context.logger
        self.times = times
        created = context.cors.template(
            status: .created,
            headers: ["Content-Type": HTTPResponse.jsonContentType, "Location": "", "Cache-Control": "no-store"],
            variableHeader: "Location")
        ok = context.cors.template(
            status: .ok, headers: ["Content-Type": HTTPResponse.jsonContentType, "Cache-Control": "no-store"])
    }

    /// The answer to a durable append with `body`: `Location` on a 201, `Cache-Control: no-store` always.
    func response(status: HTTPStatus, body: [UInt8], location: String) -> HTTPResponse {
        status == .created ? created.response(value: location, bytes: body) : ok.response(bytes: body)
    }
}

/// One durable append's answer, handed from the log's writer thread to the connection's event loop.
///
/// The writer thread calls `deliver` (the log's completion): it counts the append, settles an
/// idempotency ticket (rare: only with `Idempotency-Key`, which needs the body there), notes the
/// outcome and queues `makeResponse` to the loop — no closure, header or body is built on the writer
/// thread. The loop then joins the body (times from the group commit's memo) and makes the response
/// from the head template. The request's objects (this answer, the body parts, `Location`) are last
/// released on the loop.
final class DurableAnswer: Sendable {
    private enum Outcome {
        /// Durable at `recordedAt`; `body` when it was already joined (to store for an idempotent replay).
        case recorded(recordedAt: Date, body: [UInt8]?)
        case failed
    }

    private let pending: ConsentWire.RecordBody
    private let status: HTTPStatus
    private let location: String
    private let ticket: IdempotencyStore.Ticket?
    private let shared: DurableAnswerShared
    private let complete: @Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void
    private let outcome = Mutex<Outcome?>(nil)

    /// - Parameter complete: The `.callbackOnLoop` hand-over to the connection's loop.
    init(pending: ConsentWire.RecordBody, status: HTTPStatus, location: String, ticket: IdempotencyStore.Ticket?,
         shared: DurableAnswerShared,
         complete: @escaping @Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void) {
        self.pending = pending
        self.status = status
        self.location = location
        self.ticket = ticket
        self.shared = shared
        self.complete = complete
    }

    /// The log's completion, on its writer thread.
    func deliver(_ result: Result<ConsentRecord, LogError>) {
        switch result {
        case .success(let record):
            shared.metrics.recordAppend(.ok)
            var body: [UInt8]?
            if let ticket {
                let joined = pending.bytes(times: shared.times.times(recordedAt: record.recordedAt, lifetime: pending.lifetime))
                let stored = IdempotencyStore.StoredResponse(
                    status: status.code, headers: [.init(name: "Location", value: location)], body: joined)
                shared.idempotency.complete(ticket, with: stored)
                body = joined
            }
            outcome.withLock { $0 = .recorded(recordedAt: record.recordedAt, body: body) }
        case .failure(let error):
            if let ticket { shared.idempotency.abandon(ticket) }
            shared.metrics.recordAppend(.failed)
            shared.logger.error("consent append failed", metadata: ["error.description": error.description])
            outcome.withLock { $0 = .failed }
        }
        complete(makeResponse)
    }

    /// The response, on the connection's event loop.
    private func makeResponse() -> HTTPResponse {
        switch outcome.withLock({ $0 }) {
        case .recorded(let recordedAt, let joined):
            let body = joined ?? pending.bytes(times: shared.times.times(recordedAt: recordedAt, lifetime: pending.lifetime))
            return shared.response(status: status, body: body, location: location)
        case .failed, nil:
            return APIError.logUnavailable(reason: "the consent log cannot record consent right now").response
        }
    }
}
