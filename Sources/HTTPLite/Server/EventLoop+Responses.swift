/// Calling the handler and turning its response into bytes on the wire, in request order.
extension EventLoop {
    // MARK: Answering

    func dispatch(_ request: HTTPRequest, wantsKeepAlive: Bool, on connection: Connection) {
        connection.sequence &+= 1
        connection.current = .init(version: request.version, isHead: request.method == .HEAD, wantsKeepAlive: wantsKeepAlive)
        switch context.handler.handle(request) {
        case .immediate(let response):
            respond(connection, response)
        case .deferred(let produce):
            let sequence = connection.sequence, ref = connection.ref, mailbox = context.mailbox
            connection.phase = .awaitingResponse(sequence: sequence)
            Task {
                let response = await produce()
                mailbox.post(.response(ref, sequence: sequence, response))
            }
        case .callback(let start):
            let sequence = connection.sequence, ref = connection.ref, mailbox = context.mailbox
            connection.phase = .awaitingResponse(sequence: sequence)
            start { response in mailbox.post(.response(ref, sequence: sequence, response)) }
        case .callbackOnLoop(let start, let finish):
            let sequence = connection.sequence, ref = connection.ref, mailbox = context.mailbox
            connection.phase = .awaitingResponse(sequence: sequence)
            connection.finishProduced = finish
            start { produce in mailbox.post(.produce(ref, sequence: sequence, produce)) }
        }
    }

    /// Answers a refused request once with `Connection: close`, then closes (RFC 9112 §6.3, STYLE R6).
    func refuse(_ connection: Connection, _ error: HTTPParseError) {
        context.logger.debug("request refused", metadata: ["http.status": "\(error.status.code)", "error": error.detail])
        connection.current = .init(version: .http1_1, isHead: false, wantsKeepAlive: false)
        respond(connection, ProblemResponse.make(for: error), isError: true)
    }

    /// Writes `response` for the current request and moves the connection on.
    func respond(_ connection: Connection, _ response: HTTPResponse, isError: Bool = false) {
        let current = connection.current
        switch response.storedBody {
        case .bytes(let body):
            let hasContent = response.status.allowsContent
            let keepAlive = policy.shouldKeepAlive(clientWantsKeepAlive: current.wantsKeepAlive, isErrorResponse: isError)
            let sendsBody = hasContent && !current.isHead
            if let prepared = response.preparedHead, keepAlive, current.version == .http1_1, response.bodyTail.isEmpty {
                send(connection, prepared.bytes, dateCache.lineEndingHead, sendsBody ? body : [])
                if connection.pendingOutput > 0 { connection.unsentResponseEnds.append(connection.bytesQueued) }
                finish(connection, keptAlive: true)
                return
            }
            let tail = response.bodyTail
            let bodyCount = body.count + tail.count
            if let (template, value) = response.templatedHead {
                ResponseHeadWriter.write(
                    template: template, value: value, bodyCount: hasContent ? bodyCount : nil,
                    version: current.version, keepAlive: keepAlive, dateLine: dateCache.line, into: &headBuffer)
            } else {
                ResponseHeadWriter.write(
                    status: response.status, headers: response.headers, framing: hasContent ? .length(bodyCount) : .noContent,
                    version: current.version, keepAlive: keepAlive, dateLine: dateCache.line, into: &headBuffer)
            }
            send(connection, headBuffer, sendsBody ? body : [], sendsBody ? tail : [])
            if connection.pendingOutput > 0 { connection.unsentResponseEnds.append(connection.bytesQueued) }
            finish(connection, keptAlive: keepAlive)
        case .stream(let produce):
            let isChunked = current.version == .http1_1
            let sendsBody = response.status.allowsContent && !current.isHead
            let keepAlive = policy.shouldKeepAlive(
                clientWantsKeepAlive: current.wantsKeepAlive, isErrorResponse: isError, isCloseDelimited: !isChunked && sendsBody)
            ResponseHeadWriter.write(
                status: response.status, headers: response.headers,
                framing: !response.status.allowsContent ? .noContent : (isChunked ? .chunked : .closeDelimited),
                version: current.version, keepAlive: keepAlive, dateLine: dateCache.line, into: &headBuffer)
            send(connection, headBuffer, [])
            guard sendsBody else {
                finish(connection, keptAlive: keepAlive)
                return
            }
            let channel = StreamChannel()
            connection.phase = .streaming(channel, isChunked: isChunked, keepAlive: keepAlive)
            let writer = ConnectionBodyWriter(channel: channel, mailbox: context.mailbox, connection: connection.ref)
            let mailbox = context.mailbox, ref = connection.ref
            Task {
                do {
                    try await produce(writer)
                    mailbox.post(.streamEnd(ref, failed: false))
                } catch {
                    mailbox.post(.streamEnd(ref, failed: true))
                }
            }
        }
    }

    /// After a response is queued: read the next request, or flush and close.
    func finish(_ connection: Connection, keptAlive: Bool) {
        guard self.connection(for: connection.ref) != nil else { return }
        switch policy.responseSent(keptAlive: keptAlive, now: now) {
        case .readNext(let idleDeadline):
            connection.phase = .reading
            connection.deadlineKind = .idle
            connection.deadline = idleDeadline
        case .close:
            connection.phase = .closing
            if connection.pendingOutput == 0 { beginLingering(connection) }
        }
    }
}
