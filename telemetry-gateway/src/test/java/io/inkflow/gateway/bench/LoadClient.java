package io.inkflow.gateway.bench;

import io.inkflow.gateway.testing.Reports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop MQTT 3.1.1 load generator on Netty: N printers, each publishing QoS 1 reports at
 * a fixed rate whether or not earlier ones were acknowledged, and the PUBACK latency of each.
 * Works against any MQTT broker (the gateway, Mosquitto).
 */
final class LoadClient implements LoadGenerator {
    /** Per printer; beyond it a tick is counted as skipped (the server is not keeping up). */
    private static final int MAX_INFLIGHT = 1_000;

    private final EventLoopGroup group;
    private final List<Printer> printers = new ArrayList<>();
    private final Recorder latencies = new Recorder(3);
    private final LongAdder acked = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    record Result(double reportsPerSecond, double sentPerSecond, long acked, long sent, long skipped,
                  Histogram latency) {
    }

    LoadClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load-client"),
                NioIoHandler.newFactory());
    }

    /** The benchmark's fleet: {@code printers} printers {@code BENCH-<i>} connected, each with its report. */
    static LoadClient benchFleet(String host, int port, int printers) throws Exception {
        LoadClient client = new LoadClient(2);
        try {
            client.connect(host, port, printers, i -> Reports.bytes("BENCH-" + i, 1), "BENCH-");
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    void connect(String host, int port, int count, Function<Integer, byte[]> payload, String serialPrefix)
            throws Exception {
        List<CompletableFuture<Void>> connected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String serial = serialPrefix + i;
            Printer printer = new Printer(serial, payload.apply(i));
            printers.add(printer);
            connected.add(printer.connected);
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, printer);
                        }
                    }).connect(host, port).sync();
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public Result run(int ratePerSecond, Duration warmup, Duration measure) throws InterruptedException {
        long periodNanos = (long) (1e9 * printers.size() / ratePerSecond);
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        for (Printer printer : printers) {
            long offset = ThreadLocalRandom.current().nextLong(periodNanos);
            ticks.add(printer.channel.eventLoop().scheduleAtFixedRate(printer::publish, offset, periodNanos,
                    TimeUnit.NANOSECONDS));
        }
        Thread.sleep(warmup.toMillis());
        latencies.reset();
        long ackedBefore = acked.sum();
        long sentBefore = sent.sum();
        long skippedBefore = skipped.sum();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram histogram = latencies.getIntervalHistogram();
        long ackedDelta = acked.sum() - ackedBefore;
        long sentDelta = sent.sum() - sentBefore;
        Result result = new Result(ackedDelta / seconds, sentDelta / seconds, ackedDelta, sentDelta,
                skipped.sum() - skippedBefore, histogram);
        ticks.forEach(tick -> tick.cancel(false));
        return result;
    }

    @Override
    public void close() {
        for (Printer printer : printers) {
            if (printer.channel != null) {
                printer.channel.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One simulated printer; all its state lives on its channel's event loop. */
    private final class Printer extends SimpleChannelInboundHandler<MqttMessage> {
        private final String serial;
        private final String topic;
        private final ByteBuf payload;
        private final long[] sentAt = new long[65_536];
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private Channel channel;
        private int nextId = 1;
        private int inflight;

        Printer(String serial, byte[] payload) {
            this.serial = serial;
            this.topic = "printers/" + serial + "/telemetry";
            // A heap wrapper shared by every PUBLISH of this printer; the encoder's release is ignored.
            this.payload = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(payload));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(serial)
                    .cleanSession(true).keepAlive(300).build());
        }

        void publish() {
            if (!channel.isActive()) {
                return;
            }
            if (inflight >= MAX_INFLIGHT) {
                skipped.increment();
                return;
            }
            int id = nextId;
            nextId = nextId == 65_535 ? 1 : nextId + 1;
            sentAt[id] = System.nanoTime();
            inflight++;
            sent.increment();
            channel.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(id).retained(false).payload(payload.duplicate()).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message.fixedHeader().messageType() == MqttMessageType.CONNACK) {
                MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connected.complete(null);
                } else {
                    connected.completeExceptionally(new IllegalStateException("CONNACK " + code));
                }
            } else if (message.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                int id = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
                latencies.recordValue(Math.max(1, (System.nanoTime() - sentAt[id]) / 1_000));
                inflight--;
                acked.increment();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connected.completeExceptionally(new IllegalStateException("connection closed: " + serial));
        }
    }
}
