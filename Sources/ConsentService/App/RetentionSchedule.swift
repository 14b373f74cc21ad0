import ConsentDomain
import Dispatch
import HTTPLite

/// Runs the consent log's retention sweep once a day (the log also sweeps at open).
final class RetentionSchedule {
    private let timer: any DispatchSourceTimer
    private let log: ConsentLog

    init(log: ConsentLog, logger: Logger, interval: DispatchTimeInterval = .seconds(86_400)) {
        self.log = log
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "consent-service.retention"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler {
            do {
                for segment in try log.runRetentionSweep() {
                    logger.info("retention: segment deleted", metadata: ["log.segment": segment])
                }
            } catch {
                logger.error("retention sweep failed", metadata: ["reason": "\(error)"])
            }
        }
        self.timer = timer
    }

    func start() { timer.resume() }
    func stop() { timer.cancel() }
}
