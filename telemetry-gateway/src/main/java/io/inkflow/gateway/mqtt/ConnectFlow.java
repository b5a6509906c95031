package io.inkflow.gateway.mqtt;

import io.inkflow.gateway.auth.AuthResult;
import io.inkflow.gateway.ingest.TokenBucket;
import io.inkflow.gateway.metrics.AuthOutcome;
import io.inkflow.gateway.metrics.CloseReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: version and feature checks, throttling, authentication off the event loop (by the TLS client
 * certificate when the printer offered one, else by its secret), CONNACK.
 */
final class ConnectFlow {
    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    private final GatewayContext context;

    ConnectFlow(GatewayContext context) {
        this.context = context;
    }

    void onConnect(ChannelHandlerContext ctx, Connection connection, MqttConnectMessage message, Runnable replay) {
        MqttConnectVariableHeader header = message.variableHeader();
        MqttConnectPayload payload = message.payload();
        // MQTT 3.1 is served like 3.1.1: Paho's default falls back to it, and the two differ in nothing we use.
        connection.version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        if (connection.v5() && header.properties().getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            connection.refuse(Replies.Refusal.BAD_AUTH_METHOD);
            return;
        }
        if (!context.sink().available()) {
            // Kafka gave no metadata, so no report could be stored: refuse before the costly password check,
            // and the printer backs off instead of connecting, publishing and being closed again and again.
            context.metrics().auth(AuthOutcome.UNAVAILABLE);
            connection.refuse(Replies.Refusal.UNAVAILABLE);
            return;
        }
        String clientId = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
        String assignedId = null;
        if (clientId.isEmpty()) {
            if (!connection.v5() && !header.isCleanSession()) {
                connection.refuse(Replies.Refusal.IDENTIFIER_REJECTED);
                return;
            }
            assignedId = "inkflow-" + UUID.randomUUID();
        }
        Accepted accepted = new Accepted(assignedId == null ? clientId : assignedId, assignedId,
                header.keepAliveTimeSeconds(), sessionExpiryRequested(connection, header));
        if (!context.authRequired()) {
            finish(ctx, connection, accepted, new AuthResult.Authenticated(null), replay);
            return;
        }
        String address = address(ctx.channel().remoteAddress());
        if (context.throttle().blocked(address)) {
            context.metrics().auth(AuthOutcome.THROTTLED);
            connection.refuse(Replies.Refusal.THROTTLED);
            return;
        }
        connection.state = Connection.State.AUTHENTICATING;
        connection.gate.close(ReadGate.Reason.AUTHENTICATING);
        String username = payload.userName();
        byte[] password = payload.passwordInBytes();
        Optional<String> certified = ClientCertificates.certifiedSerial(ctx.channel());
        try {
            context.authExecutor().execute(() -> {
                AuthResult result = certified.isPresent()
                        ? context.authenticator().authenticateCertificate(certified.get(), username)
                        : context.authenticator().authenticate(username, password);
                try {
                    ctx.executor().execute(() -> {
                        record(address, username, result);
                        finish(ctx, connection, accepted, result, replay);
                    });
                } catch (RejectedExecutionException e) {
                    // The gateway is shutting down; the connection goes with it.
                }
            });
        } catch (RejectedExecutionException e) {
            context.metrics().auth(AuthOutcome.UNAVAILABLE);
            connection.refuse(Replies.Refusal.UNAVAILABLE);
        }
    }

    private void record(String address, String username, AuthResult result) {
        switch (result) {
            case AuthResult.Authenticated ok -> {
                context.throttle().recordSuccess(address);
                context.metrics().auth(AuthOutcome.SUCCESS);
            }
            case AuthResult.Refused refused -> {
                context.throttle().recordFailure(address);
                context.metrics().auth(AuthOutcome.BAD_CREDENTIALS);
                log.info("Refused CONNECT [address={}, username={}, why={}]", address, username, refused.why());
            }
            case AuthResult.Unavailable unavailable -> context.metrics().auth(AuthOutcome.UNAVAILABLE);
        }
    }

    private void finish(ChannelHandlerContext ctx, Connection connection, Accepted accepted, AuthResult result,
                        Runnable replay) {
        if (connection.state == Connection.State.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        switch (result) {
            case AuthResult.Refused refused -> connection.refuse(Replies.Refusal.BAD_CREDENTIALS);
            case AuthResult.Unavailable unavailable -> connection.refuse(Replies.Refusal.UNAVAILABLE);
            case AuthResult.Authenticated ok -> accept(ctx, connection, accepted, ok.serial(), replay);
        }
    }

    private void accept(ChannelHandlerContext ctx, Connection connection, Accepted accepted, String serial,
                        Runnable replay) {
        connection.authenticated(serial);
        connection.state = Connection.State.CONNECTED;
        connection.clientKey = SessionRegistry.key(serial, accepted.clientId());
        connection.rate = new TokenBucket(context.limits().ratePerSecond(), context.limits().rateBurst(),
                context.nanoTime());
        connection.writeAndFlush(Replies.connAckAccepted(connection.version, accepted.assignedId(),
                context.limits().maxInflightPerConnection(), context.limits().maxPacketBytes(),
                accepted.sessionExpiryRequested()));
        connection.keepAlive(accepted.keepAliveSeconds());
        context.sessions().register(connection.clientKey, connection);
        if (serial != null && !context.stillAuthorized().test(serial)) {
            connection.close(CloseReason.REVOKED, MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION);
            return;
        }
        log.debug("Connected [serial={}, clientId={}, version={}]", serial, accepted.clientId(), connection.version);
        replay.run();
        connection.gate.open(ReadGate.Reason.AUTHENTICATING);
    }

    private static boolean sessionExpiryRequested(Connection connection, MqttConnectVariableHeader header) {
        if (!connection.v5()) {
            return false;
        }
        MqttProperties.MqttProperty<?> expiry = header.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
        return expiry != null && expiry.value() instanceof Integer seconds && seconds != 0;
    }

    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    private record Accepted(String clientId, String assignedId, int keepAliveSeconds, boolean sessionExpiryRequested) {
    }
}
