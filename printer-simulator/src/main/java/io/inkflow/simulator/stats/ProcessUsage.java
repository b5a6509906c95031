package io.inkflow.simulator.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulator's own footprint, so a scale run shows what holding N printers costs.
 *
 * @param heapUsedMb        used Java heap
 * @param heapMaxMb         maximum Java heap
 * @param nonHeapUsedMb     metaspace, code cache and the like
 * @param residentMb        resident set size from /proc (-1 where unavailable)
 * @param platformThreads   live platform threads (virtual threads are not counted by the JVM here)
 * @param peakPlatformThreads highest platform thread count of the run
 * @param openFiles         open file descriptors (-1 where unavailable)
 * @param cpuSeconds        CPU time used by the process
 * @param averageCpuCores   CPU seconds per second of JVM uptime (1.0 = one core busy all along)
 * @param processors        processors available to the JVM
 */
public record ProcessUsage(long heapUsedMb, long heapMaxMb, long nonHeapUsedMb, long residentMb, int platformThreads,
                           int peakPlatformThreads, long openFiles, double cpuSeconds, double averageCpuCores, int processors) {

    public static ProcessUsage now() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long openFiles = -1;
        double cpuSeconds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            openFiles = os.getOpenFileDescriptorCount();
            cpuSeconds = os.getProcessCpuTime() / 1e9;
        }
        double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        double cores = cpuSeconds < 0 || uptime <= 0 ? -1 : Math.round(cpuSeconds / uptime * 100) / 100.0;
        return new ProcessUsage(memory.getHeapMemoryUsage().getUsed() >> 20, memory.getHeapMemoryUsage().getMax() >> 20,
                memory.getNonHeapMemoryUsage().getUsed() >> 20, readResidentMb(), threads.getThreadCount(),
                threads.getPeakThreadCount(), openFiles, Math.round(cpuSeconds * 100) / 100.0,
                cores, Runtime.getRuntime().availableProcessors());
    }

    private static long readResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
