import Glibc

// `sched_getaffinity` needs _GNU_SOURCE, so Swift's Glibc module does not export it; it takes only
// integers and a pointer to the CPU mask, so it is declared here directly.
@_silgen_name("sched_getaffinity") private func c_sched_getaffinity(_ pid: pid_t, _ size: Int, _ mask: UnsafeMutableRawPointer) -> Int32

/// The cores this process may use: the online cores, narrowed by its CPU affinity mask (`taskset`,
/// `docker run --cpuset-cpus`) and by a cgroup CPU quota (`docker run --cpus 2`, a systemd `CPUQuota=`),
/// rounded up to whole cores. Counting only the online cores, a container limited to two CPUs on a
/// 64-core host would start 64 event loops that share two cores' worth of time.
public enum AvailableCores {
    /// The count, at least 1; read when called.
    public static func count() -> Int {
        var cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if let affinity = affinityCount() { cores = min(cores, affinity) }
        let cgroups = readFile("/proc/self/cgroup").map(quotaDirectories(procSelfCgroup:)) ?? []
        // The first directory that holds quota files decides, whether it sets a limit or not.
        if let quotaCores = (cgroups + rootQuotaDirectories).lazy.compactMap(limit(in:)).first { cores = min(cores, quotaCores) }
        return max(1, cores)
    }

    /// Where the quota files are when the cgroup namespace hides the process's own path (a container).
    static let rootQuotaDirectories = ["/sys/fs/cgroup", "/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"]

    /// The directories of this process's CPU cgroup, from `/proc/self/cgroup`: the v2 entry (`0::PATH`)
    /// under `/sys/fs/cgroup`, a v1 `cpu` controller's (`N:cpu,cpuacct:PATH`) under its mount.
    static func quotaDirectories(procSelfCgroup text: String) -> [String] {
        var directories: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[2].hasPrefix("/"), fields[2] != "/" else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                directories.append("/sys/fs/cgroup" + path)
            } else if fields[1].split(separator: ",").contains("cpu") {
                directories.append("/sys/fs/cgroup/\(fields[1])" + path)
            }
        }
        return directories
    }

    /// The cores the quota files in `directory` allow (`Int.max` when they set no limit), or `nil`
    /// when it holds none (v2 `cpu.max`, or v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us`).
    private static func limit(in directory: String) -> Int? {
        if let max = readFile(directory + "/cpu.max") { return cores(cpuMax: max) ?? .max }
        guard let quota = readFile(directory + "/cpu.cfs_quota_us"),
              let period = readFile(directory + "/cpu.cfs_period_us") else { return nil }
        return cores(quota: quota, period: period) ?? .max
    }

    /// Whole cores from a cgroup v2 `cpu.max` ("max 100000" → no limit; "150000 100000" → 2).
    static func cores(cpuMax text: String) -> Int? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2 else { return nil }
        return cores(quota: String(fields[0]), period: String(fields[1]))
    }

    /// Whole cores from a quota and a period in microseconds (v1 `cpu.cfs_quota_us`, -1 → no limit;
    /// v2's "max" → no limit).
    static func cores(quota: String, period: String) -> Int? {
        let number = { (text: String) in Int(text.split(whereSeparator: \.isWhitespace).first ?? "") }
        guard let quota = number(quota), let period = number(period), quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// The number of CPUs in this thread's affinity mask, or `nil` if it cannot be read.
    private static func affinityCount() -> Int? {
        // 1,024 CPUs, glibc's `cpu_set_t`.
        var mask = [UInt64](repeating: 0, count: 16)
        let result = mask.withUnsafeMutableBytes { c_sched_getaffinity(0, $0.count, $0.baseAddress!) }
        guard result == 0 else { return nil }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return count > 0 ? count : nil
    }

    /// A small file's text (the cgroup files are a line), or `nil` if it cannot be read.
    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4_096)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}
