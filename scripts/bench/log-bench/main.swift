// Benchmark driver for the consent log. replay.sh compiles it together with
// Sources/ConsentDomain (one module, -O), so no package target is needed. Usage:
//   log-bench replay DIR              replay DIR (open), print records, seconds and RSS
//   log-bench verify DIR              offline verification time
//   log-bench append DIR N CLIENTS    N durable appends from CLIENTS concurrent appenders
import Foundation
import Dispatch
import Synchronization

func rssMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? -1
        return kb / 1024
    }
    return -1
}
func hwmMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? -1
        return kb / 1024
    }
    return -1
}

/// CPU seconds of the calling thread: replay's critical path is the thread that reads, checks
/// order and indexes, so on an idle 2-core machine its wall time is at least this.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    print("usage: log-bench replay|verify|append DIR [N CLIENTS]")
    exit(2)
}
let dir = args[2]
let clock = SystemClock()
switch args[1] {
case "replay":
    let start = DispatchTime.now()
    let threadStart = threadCPUSeconds()
    do {
        let (log, report) = try ConsentLog.open(directory: dir, options: LogOptions(), clock: clock)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let threadSeconds = threadCPUSeconds() - threadStart
        print(String(format: "replay: records=%d segments=%d visitors=%d seconds=%.3f main_thread_cpu=%.3f rss_mib=%.1f peak_rss_mib=%.1f torn=%@",
                     report.records, report.segments, report.visitors, seconds, threadSeconds, rssMiB(), hwmMiB(),
                     report.tornTail.map { "\($0.segment)@\($0.offset)" } ?? "none"))
        log.close()
    } catch {
        print("replay failed: \(error)")
        exit(1)
    }
case "verify":
    let start = DispatchTime.now()
    let report = LogVerifier.verify(directory: dir)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    print(String(format: "verify: records=%d segments=%d intact=%@ seconds=%.3f head=%@", report.records, report.segments,
                 report.isIntact ? "yes" : "no", seconds, report.headHash))
    if let fault = report.firstFault { print("fault: \(fault.segment) @ \(fault.offset): \(fault.reason)") }
    exit(report.isIntact ? 0 : 1)
case "append":
    let total = args.count > 3 ? Int(args[3]) ?? 100_000 : 100_000
    let clients = args.count > 4 ? Int(args[4]) ?? 64 : 64
    do {
        let (log, _) = try ConsentLog.open(directory: dir, options: LogOptions(), clock: clock)
        let perClient = total / clients
        let done = DispatchSemaphore(value: 0)
        let latencies = Mutex<[Double]>([])
        let start = DispatchTime.now()
        // Each client is a chain of callbacks: the next append starts from the previous completion.
        final class Client: Sendable {
            let id: Int, remaining: Mutex<Int>, log: ConsentLog, done: DispatchSemaphore
            let latencies: @Sendable (Double) -> Void
            init(id: Int, count: Int, log: ConsentLog, done: DispatchSemaphore, latencies: @escaping @Sendable (Double) -> Void) {
                self.id = id; remaining = Mutex(count); self.log = log; self.done = done; self.latencies = latencies
            }
            func next() {
                let left = remaining.withLock { n -> Int in n -= 1; return n }
                if left < 0 { done.signal(); return }
                let visitor = VisitorID(rawValue: String(format: "bench-%04d-%08d", id, left))!
                let draft = ConsentDraft(consentID: UUID().uuidString, visitorID: visitor, action: .grant,
                                         choices: ConsentChoices(functionality: true), catalogueVersion: "bench-v1",
                                         categoryVersions: [.essential: "e1", .functionality: "f1", .analytics: "a1", .targeting: "t1"],
                                         source: "bench", locale: "en")
                let t0 = DispatchTime.now().uptimeNanoseconds
                log.append(draft) { result in
                    if case .failure(let error) = result { print("append failed: \(error)"); exit(1) }
                    self.latencies(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    self.next()
                }
            }
        }
        for c in 0..<clients {
            Client(id: c, count: perClient, log: log, done: done, latencies: { ms in latencies.withLock { $0.append(ms) } }).next()
        }
        for _ in 0..<clients { done.wait() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let sorted = latencies.withLock { $0 }.sorted()
        let stats = log.stats
        print(String(format: "append: n=%d clients=%d seconds=%.3f per_sec=%.0f p50_ms=%.2f p99_ms=%.2f batches=%d avg_batch=%.1f",
                     sorted.count, clients, seconds, Double(sorted.count) / seconds,
                     sorted[sorted.count / 2], sorted[sorted.count * 99 / 100], stats.batches,
                     Double(stats.appended) / Double(max(1, stats.batches))))
        log.close()
    } catch {
        print("append failed: \(error)")
        exit(1)
    }
default:
    print("unknown mode \(args[1])")
    exit(2)
}
