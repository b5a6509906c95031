package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.GatewayConfig;
import io.inkflow.gateway.auth.AuthThrottle;
import io.inkflow.gateway.auth.CredentialStore;
import io.inkflow.gateway.auth.DeviceAuthenticator;
import io.inkflow.gateway.ingest.RejectedRecords;
import io.inkflow.gateway.ingest.ReportValidator;
import io.inkflow.gateway.metrics.CloseReason;
import io.inkflow.gateway.metrics.GatewayMetrics;
import io.inkflow.gateway.testing.ControllableSink;
import io.inkflow.schemas.SchemaValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gateway connection on an {@link EmbeddedChannel}: the production pipeline fed raw bytes,
 * with a client-side encoder and decoder to build requests and read replies.
 */
final class GatewayHarness implements AutoCloseable {
    /** The attribute Netty's MQTT codec keeps the protocol version in. */
    static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    /** Parsing the schemas takes a while; the validator is thread-safe and shared. */
    private static final SchemaValidator SCHEMAS = new SchemaValidator();

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayMetrics metrics = new GatewayMetrics(registry);
    final ControllableSink sink;
    final CredentialStore credentials = new CredentialStore();
    final EmbeddedChannel channel;
    final GatewayConfig.Limits limits;
    private final EmbeddedChannel clientEncoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new MqttDecoder());

    final SessionRegistry sessions = new SessionRegistry();
    /** The clock of the rate limit and latency timer; moves only with {@link #advance}. */
    final AtomicLong nanoTime = new AtomicLong();

    GatewayHarness(ControllableSink sink, boolean authRequired, GatewayConfig.Limits limits) {
        this(sink, authRequired, limits, new AuthThrottle(Clock.systemUTC(), 3, Duration.ofMinutes(1)));
    }

    GatewayHarness(ControllableSink sink, boolean authRequired, GatewayConfig.Limits limits, AuthThrottle throttle) {
        this.sink = sink;
        this.limits = limits;
        credentials.markCaughtUp();
        GatewayContext context = new GatewayContext(limits, authRequired,
                new ReportValidator(SCHEMAS, Clock.systemUTC(), limits.maxReportBytes(),
                        Duration.ofMinutes(10)),
                new RejectedRecords(Clock.systemUTC()), sink, new DeviceAuthenticator(credentials),
                throttle, Runnable::run, serial -> true, sessions, new InflightBudget(1 << 20, new AtomicLong()), metrics,
                nanoTime::get);
        MqttChannelInitializer initializer = new MqttChannelInitializer(context, null);
        channel = new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
            @Override
            protected void initChannel(EmbeddedChannel ch) {
                initializer.configure(ch.pipeline());
            }
        });
        channel.freezeTime();
    }

    SessionRegistry sessions() {
        return sessions;
    }

    static GatewayHarness open() {
        return new GatewayHarness(new ControllableSink(), false, limits(4));
    }

    static GatewayConfig.Limits limits(int maxInflight) {
        return new GatewayConfig.Limits(4096, 2048, Duration.ofSeconds(5), maxInflight, 1000, 1000);
    }

    /** Sets the protocol version the client-side codec speaks. */
    GatewayHarness speak(MqttVersion version) {
        clientEncoder.attr(VERSION).set(version);
        clientDecoder.attr(VERSION).set(version);
        return this;
    }

    void send(MqttMessage message) {
        clientEncoder.writeOutbound(message);
        ByteBuf bytes;
        while ((bytes = clientEncoder.readOutbound()) != null) {
            channel.writeInbound(bytes);
        }
        channel.runPendingTasks();
    }

    void sendBytes(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        channel.writeInbound(Unpooled.wrappedBuffer(raw));
        channel.runPendingTasks();
    }

    /** Everything the gateway sent since the last call, decoded. */
    List<MqttMessage> replies() {
        channel.runPendingTasks();
        List<MqttMessage> replies = new ArrayList<>();
        ByteBuf bytes;
        while ((bytes = channel.readOutbound()) != null) {
            clientDecoder.writeInbound(bytes);
        }
        MqttMessage message;
        while ((message = clientDecoder.readInbound()) != null) {
            replies.add(message);
        }
        return replies;
    }

    /** Moves both clocks on, running the keepalive sweep the gateway runs on its own. */
    void advance(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
        channel.advanceTimeBy(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        sessions.closeSilent(nanoTime.get());
        channel.runPendingTasks();
    }

    double closed(CloseReason reason) {
        return registry.counter("gateway.connections.closed", "reason", reason.name()).count();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        clientEncoder.finishAndReleaseAll();
        clientDecoder.finishAndReleaseAll();
    }
}
