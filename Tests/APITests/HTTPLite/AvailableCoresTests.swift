import Glibc
import Testing
@testable import HTTPLite

/// The available-core count: cgroup quota files and `/proc/self/cgroup` as the kernel writes them.
@Suite struct AvailableCoresTests {
    @Test(arguments: [
        ("max 100000\n", nil), ("200000 100000\n", 2), ("150000 100000", 2), ("50000 100000\n", 1),
        ("100000 100000\n", 1), ("", nil), ("max", nil), ("abc 100000", nil), ("0 100000", nil),
    ] as [(String, Int?)])
    func cpuMax_givesWholeCores(text: String, cores: Int?) {
        #expect(AvailableCores.cores(cpuMax: text) == cores)
    }

    @Test func cgroupV1Quota_givesWholeCores() {
        #expect(AvailableCores.cores(quota: "-1\n", period: "100000\n") == nil)
        #expect(AvailableCores.cores(quota: "300000\n", period: "100000\n") == 3)
        #expect(AvailableCores.cores(quota: "250000", period: "100000") == 3)
        #expect(AvailableCores.cores(quota: "100000", period: "0") == nil)
    }

    /// A v2 process's own cgroup, and the `cpu` controller's of a v1 hierarchy; the root path ("/", what a
    /// container with its own cgroup namespace sees) is left to the root directories.
    @Test func procSelfCgroup_namesTheCPUCgroupDirectories() {
        #expect(AvailableCores.quotaDirectories(procSelfCgroup: "0::/system.slice/consent.service\n")
            == ["/sys/fs/cgroup/system.slice/consent.service"])
        #expect(AvailableCores.quotaDirectories(procSelfCgroup: "0::/\n").isEmpty)
        let v1 = "12:pids:/docker/abc\n4:cpu,cpuacct:/docker/abc\n3:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n"
        #expect(AvailableCores.quotaDirectories(procSelfCgroup: v1) == ["/sys/fs/cgroup/cpu,cpuacct/docker/abc"])
        #expect(AvailableCores.quotaDirectories(procSelfCgroup: "2:cpuacct:/x\n1:cpu:/x\n") == ["/sys/fs/cgroup/cpu/x"])
    }

    /// Never more than the online cores, never none, and never more than the affinity mask allows: a
    /// thread pinned to one CPU counts one (affinity is per thread, so a thread of its own is pinned).
    @Test func count_isWithinTheOnlineCores_andFollowsTheAffinityMask() async {
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let count = AvailableCores.count()
        #expect(count >= 1 && count <= online)
        let pinned = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            NativeThread.start(name: "cores-test") {
                var mask = [UInt64](repeating: 0, count: 16)
                mask[0] = 1  // CPU 0 only
                let result = mask.withUnsafeMutableBytes { test_sched_setaffinity(0, $0.count, $0.baseAddress!) }
                continuation.resume(returning: result == 0 ? AvailableCores.count() : -1)
            }
        }
        #expect(pinned == 1)
    }
}

@_silgen_name("sched_setaffinity") private func test_sched_setaffinity(_ pid: pid_t, _ size: Int, _ mask: UnsafeMutableRawPointer) -> Int32
