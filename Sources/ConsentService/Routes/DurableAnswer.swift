import ConsentDomain
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPLite
import Synchronization

/// What every durable answer of one `ConsentRoutes` registration shares: the services the log's
/// completion touches and the 201/200 head templates (CORS included when it is `*`). One reference
/// per request instead of one per service.
final class DurableAnswerShared: Sendable {
    let metrics: MetricsRegistry
    let idempotency: IdempotencyStore
    let logger: Logger
    /// `201 Created`: `Content-Type`, `Location` (per response), `Cache-Control`, then CORS.
    let created: ResponseHeadTemplate
    /// `200 OK` (withdrawal): `Content-Type`, `Cache-Control`, then CORS.
    let ok: ResponseHeadTemplate

    init(context: ServiceContext) {
        metrics = context.metrics
        idempotency = context.idempotency
        logger = context.logger
        created = context.cors.template(
            status: .created,
            headers: ["Content-Type": HTTPResponse.jsonContentType, "Location": "", "Cache-Control": "no-store"],
            variableHeader: "Location")
        ok = context.cors.template(
            status: .ok, headers: ["Content-Type": HTTPResponse.jsonContentType, "Cache-Control": "no-store"])
    }

    /// The answer to a durable append with `body` followed by `tail`: `Location` on a 201, `Cache-Control:
    /// no-store` always.
    func response(status: HTTPStatus, body: [UInt8], tail: [UInt8], location: String) -> HTTPResponse {
        status == .created ? created.response(value: location, bytes: body, tail: tail) : ok.response(bytes: body, tail: tail)
    }
}

/// One durable append's answer, handed from the log's writer thread to the connection's event loop.
///
/// The writer thread calls `deliver` (the log's completion): it counts the append, settles an
/// idempotency ticket (rare: only with `Idempotency-Key`, which needs the body there), notes the
/// outcome and queues `makeResponse` to the loop — no closure, header or body is built on the writer
/// thread. The loop then makes the body's ids-and-times part (times from the group commit's memo; the
/// shared tail is not copied) and the response from the head template, taking the payload (body parts, `Location`, the hand-over closure), so
/// those are released on the loop; the writer frees at most the answer's empty shell.
final class DurableAnswer: Sendable {
    private enum Outcome {
        /// Durable at `recordedAt`; `body` when it was already joined (to store for an idempotent replay).
        case recorded(recordedAt: Date, body: [UInt8]?)
        case failed
    }

    /// Everything the answer needs, held until the loop takes it: whichever thread drops the last
    /// reference to the answer (often the writer, which releases its completion after the loop has
    /// already answered), only an empty shell is left to free there.
    private struct Payload {
        let pending: ConsentWire.RecordBody
        let status: HTTPStatus
        let location: String
        let ticket: IdempotencyStore.Ticket?
        /// The `.callbackOnLoop` hand-over to the connection's loop, set by `start`.
        var complete: (@Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void)?
        var outcome: Outcome?
    }

    private let shared: DurableAnswerShared
    private let log: ConsentLog
    private let draft: ConsentDraft
    private let payload: Mutex<Payload?>

    /// - Parameters:
    ///   - draft: What `start` appends to `log`.
    ///   - pending: The body to answer with once `draft` is durable.
    init(draft: ConsentDraft, log: ConsentLog, pending: ConsentWire.RecordBody, status: HTTPStatus, location: String,
         ticket: IdempotencyStore.Ticket?, shared: DurableAnswerShared) {
        self.shared = shared
        self.log = log
        self.draft = draft
        payload = Mutex(Payload(pending: pending, status: status, location: location, ticket: ticket))
    }

    /// The `.callbackOnLoop` start, on the loop: keeps `complete` and appends the draft. The response is
    /// made this way (a closure capturing only the answer) so the request costs no closure context.
    func start(_ complete: @escaping @Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void) {
        payload.withLock { $0?.complete = complete }
        log.append(draft, completion: { [self] result in deliver(result) })
    }

    /// The log's completion, on its writer thread.
    func deliver(_ result: Result<ConsentRecord, LogError>) {
        let outcome: Outcome
        switch result {
        case .success(let record):
            shared.metrics.recordAppend(.ok)
            outcome = .recorded(recordedAt: record.recordedAt, body: settleTicket(recordedAt: record.recordedAt))
        case .failure(let error):
            if let ticket = payload.withLock({ $0?.ticket }) { shared.idempotency.abandon(ticket) }
            shared.metrics.recordAppend(.failed)
            shared.logger.error("consent append failed", metadata: ["error.description": error.description])
            outcome = .failed
        }
        // Taken out through a captured variable, not as `withLock`'s (generic) result: a function value
        // returned through a generic parameter is re-wrapped (a thunk and its context) on the way.
        var complete: (@Sendable (_ produce: @escaping @Sendable () -> HTTPResponse) -> Void)?
        payload.withLock { payload in
            payload?.outcome = outcome
            complete = payload?.complete
        }
        // A closure of exactly the hand-over's type capturing only `self`: no reabstraction thunk or context box per answer.
        complete?({ [self] in self.makeResponse() })
    }

    /// With an idempotency ticket: the body joined and stored for replays (on the writer thread: the
    /// ticket is settled even if the connection is gone). `nil` without one.
    private func settleTicket(recordedAt: Date) -> [UInt8]? {
        guard let (pending, status, location, ticket) = payload.withLock({ payload in
            payload.flatMap { p in p.ticket.map { (p.pending, p.status, p.location, $0) } }
        }) else { return nil }
        let body = pending.bytes(times: RecordTimesMemo.times(recordedAt: recordedAt, lifetime: pending.lifetime))
        let stored = IdempotencyStore.StoredResponse(
            status: status.code, headers: [.init(name: "Location", value: location)], body: body)
        shared.idempotency.complete(ticket, with: stored)
        return body
    }

    /// The response, on the connection's event loop; takes the payload, so it is released here.
    private func makeResponse() -> HTTPResponse {
        let taken = payload.withLock { payload in
            defer { payload = nil }
            return payload
        }
        guard let taken, case .recorded(let recordedAt, let joined) = taken.outcome else {
            return APIError.logUnavailable(reason: "the consent log cannot record consent right now").response
        }
        if let joined { return shared.response(status: taken.status, body: joined, tail: [], location: taken.location) }
        // The tail (choices and allowed cookies, shared by every body of the same choices) stays a separate
        // part: only the ids and times are made here, and the loop writes both without joining them.
        let pending = taken.pending
        let (head, tail) = pending.parts(times: RecordTimesMemo.times(recordedAt: recordedAt, lifetime: pending.lifetime))
        return shared.response(status: taken.status, body: head, tail: tail, location: taken.location)
    }
}
