package io.inkflow.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.TestFleets;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.run.BenchEngine;
import io.inkflow.simulator.testkit.MiniMqttAcceptor;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The netty client's printer links against a real MQTT acceptor over TCP: Paho's contract, kept. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NettyV3LinkIT {
    private static final String SERIAL = "SER-1";
    private static final String TOPIC = "printers/" + SERIAL + "/telemetry";
    private static final byte[] NOT_A_REPORT = "{}".getBytes(StandardCharsets.UTF_8);

    private final NettyLoops loops = new NettyLoops();

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    @Test
    void connectsPublishesAtQos1AndHearsEveryPuback() throws Exception {
        assertThat(loops.channelType()).isEqualTo(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class);
        publishesAndHearsEveryPuback(loops);
    }

    @Test
    void theNioTransportCarriesTheSameConversation() throws Exception {
        try (NettyLoops nio = new NettyLoops(false)) {
            assertThat(nio.channelType()).isEqualTo(NioSocketChannel.class);
            publishesAndHearsEveryPuback(nio);
        }
    }

    private void publishesAndHearsEveryPuback(NettyLoops on) throws Exception {
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(Map.of(SERIAL, "secret"), report -> { })) {
            PrinterLink link = LinkFactory.netty(MqttSettings.plain("127.0.0.1", acceptor.port()), on).create(SERIAL);
            assertThat(connect(link, "secret").get(10, TimeUnit.SECONDS)).isEqualTo("connected");
            int count = 200;
            CountDownLatch acked = new CountDownLatch(count);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < count; i++) {
                link.publish(TOPIC, NOT_A_REPORT, i == 0, outcome(acked, failed));
            }
            assertThat(acked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failed).hasValue(0);
            // The acceptor acknowledges invalid reports and does not pass them on, like the gateway.
            assertThat(acceptor.rejected).hasValue(count);
            assertThat(acceptor.dupFlags).hasValue(1);
            link.disconnect();
            link.close();
        }
    }

    @Test
    void aRefusedPasswordIsReportedAsNotAuthorized() throws Exception {
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(Map.of(SERIAL, "secret"), report -> { })) {
            PrinterLink link = link(acceptor.port());
            assertThat(connect(link, "wrong").get(10, TimeUnit.SECONDS)).isEqualTo("failed notAuthorized=true");
            assertThat(acceptor.refused).hasValue(1);
            assertThatThrownBy(() -> link.publish(TOPIC, NOT_A_REPORT, false, outcome(new CountDownLatch(1),
                    new AtomicInteger()))).isInstanceOfSatisfying(PrinterLink.LinkException.class,
                    e -> assertThat(e.notConnected()).isTrue());
            link.close();
        }
    }

    @Test
    void nobodyListeningIsAFailedConnectNotARefusal() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        PrinterLink link = link(port);
        assertThat(connect(link, "secret").get(10, TimeUnit.SECONDS)).isEqualTo("failed notAuthorized=false");
        link.close();
    }

    @Test
    void aServerThatDropsTheConnectionIsReportedAsLostAndTheLinkConnectsAgain() throws Exception {
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(Map.of(SERIAL, "secret"), report -> { })) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            PrinterLink link = connected(acceptor, lost);

            acceptor.dropAll();
            assertThat(lost.get(10, TimeUnit.SECONDS)).hasMessageContaining("closed");
            assertThatThrownBy(() -> link.publish(TOPIC, NOT_A_REPORT, false, outcome(new CountDownLatch(1),
                    new AtomicInteger()))).isInstanceOf(PrinterLink.LinkException.class);

            // The same link connects again, as the simulator's reconnects do.
            assertThat(connect(link, "secret").get(10, TimeUnit.SECONDS)).isEqualTo("connected");
            assertThat(acceptor.connects).hasValue(2);
            link.close();
        }
    }

    @Test
    void publishesInFlightWhenTheConnectionDropsFailAndNoneIsAcknowledged() throws Exception {
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(Map.of(SERIAL, "secret"), report -> { })) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            PrinterLink link = connected(acceptor, lost);
            acceptor.holdAcks = true;
            int count = 5;
            CountDownLatch acked = new CountDownLatch(count);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < count; i++) {
                link.publish(TOPIC, NOT_A_REPORT, false, outcome(acked, failed));
            }
            // The acceptor has read every one, so all five are on the wire, unacknowledged, when it drops.
            await().atMost(Duration.ofSeconds(10)).until(() -> acceptor.rejected.get() == count);

            acceptor.dropAll();
            assertThat(lost.get(10, TimeUnit.SECONDS)).isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> failed.get() == count);
            assertThat(acked.getCount()).isEqualTo(count);
            link.close();
        }
    }

    @Test
    void aDropTheCallerAsksForIsNotALoss() throws Exception {
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(Map.of(SERIAL, "secret"), report -> { })) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            PrinterLink link = connected(acceptor, lost);
            link.drop();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !lost.isDone());
            link.close();
        }
    }

    @Test
    void settingsTheNettyClientCannotServeAreRefusedUpFront() {
        MqttSettings plain = MqttSettings.plain("127.0.0.1", 1883);
        assertThatThrownBy(() -> LinkFactory.netty(plain.withVersion(MqttVersion.V5), loops))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.1.1 over plain TCP only");
        assertThatThrownBy(() -> LinkFactory.netty(new MqttSettings("ssl://127.0.0.1:8883", MqttVersion.V3_1_1, 60, 30,
                java.util.Optional.empty(), true), loops)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkFactory.netty(plain.withSocketFactory(SocketFactory.getDefault()), loops))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Every scheduled slot is sent and acknowledged, at 400/s (a sleep per slot) and at 5,000/s, where slots fall due
     * faster than the publishing thread's shortest sleep and each round sends all that fell due meanwhile.
     */
    @ParameterizedTest
    @CsvSource({"400, 3, 1200", "5000, 2, 10000"})
    void theBenchEngineOnTheNettyClientSendsEverySlotAndGetsEveryReportAcknowledged(int rate, int seconds, long slots)
            throws Exception {
        Fleet fleet = TestFleets.fleet(7, 20);
        AtomicInteger received = new AtomicInteger();
        try (MiniMqttAcceptor acceptor = new MiniMqttAcceptor(TestFleets.secrets(fleet), report -> received.incrementAndGet())) {
            BenchEngine.Result result = BenchEngine.run(fleet, new BenchEngine.BenchOptions(
                    MqttSettings.plain("127.0.0.1", acceptor.port()), rate, fleet.size(), Duration.ofSeconds(seconds),
                    Duration.ofSeconds(20), 200, Duration.ofSeconds(30), MqttClient.NETTY), ModelCatalog.bundled(), null);
            assertThat(result.missed()).isZero();
            assertThat(result.stats().reportsGenerated()).isEqualTo(slots);
            assertThat(result.stats().reportsAcked()).isEqualTo(slots);
            assertThat(result.stats().pendingReports()).isZero();
            assertThat(received.get()).isEqualTo(slots);
            assertThat(acceptor.connects.get()).isEqualTo(fleet.size());
        }
    }

    private PrinterLink link(int port) {
        return LinkFactory.netty(MqttSettings.plain("127.0.0.1", port), loops).create(SERIAL);
    }

    /** A link connected to {@code acceptor} with the right password; a later loss completes {@code lost}. */
    private PrinterLink connected(MiniMqttAcceptor acceptor, CompletableFuture<Throwable> lost) throws Exception {
        PrinterLink link = link(acceptor.port());
        assertThat(connect(link, "secret", lost::complete).get(10, TimeUnit.SECONDS)).isEqualTo("connected");
        return link;
    }

    private static CompletableFuture<String> connect(PrinterLink link, String password) {
        return connect(link, password, cause -> { });
    }

    /** The outcome of a CONNECT as "connected" or "failed notAuthorized=…"; a later loss goes to {@code onLost}. */
    private static CompletableFuture<String> connect(PrinterLink link, String password,
                                                     PrinterLink.LinkListener onLost) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        link.connect(SERIAL, password.getBytes(StandardCharsets.UTF_8), recording(outcome), onLost);
        return outcome;
    }

    private static PrinterLink.ConnectOutcome recording(CompletableFuture<String> outcome) {
        return new PrinterLink.ConnectOutcome() {
            @Override
            public void connected() {
                outcome.complete("connected");
            }

            @Override
            public void failed(Throwable cause, boolean notAuthorized) {
                outcome.complete("failed notAuthorized=" + notAuthorized);
            }
        };
    }

    private static PrinterLink.PublishOutcome outcome(CountDownLatch acked, AtomicInteger failed) {
        return new PrinterLink.PublishOutcome() {
            @Override
            public void acked(int reasonCode) {
                acked.countDown();
            }

            @Override
            public void failed(Throwable cause) {
                failed.incrementAndGet();
            }
        };
    }
}
