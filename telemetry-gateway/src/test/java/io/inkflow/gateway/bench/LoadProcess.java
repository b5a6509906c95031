package io.inkflow.gateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator in a JVM of its own, so that its threads, heap and collector are not the server's: run in
 * one JVM with the gateway and the broker, the generator is the first to fall behind. The parent sends
 * {@code RUN <rate> <warm-up ms> <measure ms>} lines; the child answers each with a {@code RESULT} line carrying
 * the counts and the latency histogram (HdrHistogram's compressed form, Base64).
 */
final class LoadProcess implements LoadGenerator {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private LoadProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.outputWriter(StandardCharsets.UTF_8);
    }

    /** Starts the child, which connects {@code printers} printers to {@code port} before this returns. */
    static LoadProcess start(int port, int printers) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                LoadProcess.class.getName(), "127.0.0.1", String.valueOf(port), String.valueOf(printers))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        LoadProcess load = new LoadProcess(process);
        load.awaitLine("CONNECTED");
        return load;
    }

    @Override
    public LoadClient.Result run(int ratePerSecond, Duration warmup, Duration measure) throws Exception {
        in.write("RUN " + ratePerSecond + " " + warmup.toMillis() + " " + measure.toMillis() + "\n");
        in.flush();
        String[] f = awaitLine("RESULT").split(" ");
        Histogram latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(f[6])),
                0);
        return new LoadClient.Result(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), latency);
    }

    private String awaitLine(String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
            // skip whatever else the child prints
        }
        if (line == null) {
            throw new IllegalStateException("the load generator process ended before " + prefix);
        }
        return line;
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: {@code <host> <port> <printers>}, then commands on stdin until it closes. */
    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        try (LoadClient client = LoadClient.benchFleet(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
            stdout.println("CONNECTED");
            stdout.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                String[] f = line.split(" ");
                LoadClient.Result r = client.run(Integer.parseInt(f[1]), Duration.ofMillis(Long.parseLong(f[2])),
                        Duration.ofMillis(Long.parseLong(f[3])));
                ByteBuffer histogram = ByteBuffer.allocate(r.latency().getNeededByteBufferCapacity());
                int length = r.latency().encodeIntoCompressedByteBuffer(histogram);
                stdout.println("RESULT " + r.reportsPerSecond() + " " + r.sentPerSecond() + " " + r.acked() + " "
                        + r.sent() + " " + r.skipped() + " "
                        + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(histogram.array(), length)));
                stdout.flush();
            }
        }
    }
}
