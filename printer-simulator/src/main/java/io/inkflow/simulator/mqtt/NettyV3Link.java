package io.inkflow.simulator.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One printer's MQTT 3.1.1 connection over plain TCP on Netty's MQTT codec, on the run's shared
 * {@link NettyLoops}. It keeps Paho's contract behind {@link PrinterLink}: outcomes arrive on another thread (here
 * the event loop), publishes in flight fail when their connection ends, and a connection the caller closes
 * ({@link #drop()}, {@link #disconnect()}) is not reported as lost.
 */
final class NettyV3Link implements PrinterLink {
    /** Packet identifiers are 1 to 65,535; with all of them waiting for a PUBACK no publish can go out. */
    private static final int PACKET_IDS = 65_535;

    private final MqttSettings settings;
    private final String clientId;
    private final NettyLoops loops;
    private volatile Session current;
    private volatile boolean closed;

    NettyV3Link(MqttSettings settings, String clientId, NettyLoops loops) {
        this.settings = settings;
        this.clientId = clientId;
        this.loops = loops;
    }

    @Override
    public void connect(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
        if (closed) {
            outcome.failed(new IllegalStateException("the link of " + clientId + " is closed"), false);
            return;
        }
        URI server = URI.create(settings.serverUri());
        Session session = new Session(username, password, outcome, listener);
        ChannelFuture connecting = new Bootstrap().group(loops.group()).channel(loops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutSeconds() * 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE,
                                new IdleStateHandler(0, settings.keepAliveSeconds(), 0), session);
                    }
                })
                .connect(server.getHost(), server.getPort());
        session.channel = connecting.channel();
        current = session;
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                session.reportConnectFailure(done.cause());
            }
        });
    }

    @Override
    public void publish(String topic, byte[] payload, boolean dup, PublishOutcome outcome) throws LinkException {
        Session session = current;
        if (session == null || !session.established || !session.channel.isActive()) {
            throw new LinkException(new IOException(clientId + " is not connected"), true);
        }
        session.channel.eventLoop().execute(() -> session.publish(topic, payload, dup, outcome));
    }

    @Override
    public void drop() {
        closeCurrent(false);
    }

    @Override
    public void disconnect() {
        closeCurrent(true);
    }

    @Override
    public void close() {
        closed = true;
        drop();
    }

    /** Closes the current connection (after a DISCONNECT if asked and connected) and waits up to 2 s for it. */
    private void closeCurrent(boolean sayGoodbye) {
        Session session = current;
        if (session == null) {
            return;
        }
        session.closedByUs = true;
        Channel channel = session.channel;
        ChannelFuture closing = sayGoodbye && session.established && channel.isActive()
                ? channel.writeAndFlush(bare(MqttMessageType.DISCONNECT)).addListener(f -> channel.close())
                : channel.close();
        closing.awaitUninterruptibly(2, TimeUnit.SECONDS);
        channel.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private static MqttMessage bare(MqttMessageType type) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** Whether a refused CONNACK means the credentials were refused. */
    static boolean notAuthorized(MqttConnectReturnCode code) {
        return code == MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                || code == MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    }

    /** The server refused the CONNECT with this return code. */
    static final class ConnectRefused extends IOException {
        final MqttConnectReturnCode code;

        ConnectRefused(MqttConnectReturnCode code) {
            super("CONNECT refused: " + code);
            this.code = code;
        }
    }

    /** One TCP connection and what is in flight on it; its fields other than the volatile ones belong to the event loop. */
    private final class Session extends ChannelInboundHandlerAdapter {
        private final String username;
        private final byte[] password;
        private final ConnectOutcome outcome;
        private final LinkListener listener;
        private final Map<Integer, PublishOutcome> inFlight = new HashMap<>();
        private volatile Channel channel;
        private volatile boolean established;
        private volatile boolean closedByUs;
        private boolean connectReported;
        private int lastPacketId;
        private Throwable failure;

        Session(String username, byte[] password, ConnectOutcome outcome, LinkListener listener) {
            this.username = username;
            this.password = password.clone();
            this.outcome = outcome;
            this.listener = listener;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).username(username).password(password)
                    .cleanSession(true).keepAlive(settings.keepAliveSeconds())
                    .protocolVersion(MqttVersion.MQTT_3_1_1).build());
            ctx.executor().schedule(() -> {
                if (!connectReported) {
                    reportConnectFailure(new TimeoutException("no CONNACK within " + settings.connectTimeoutSeconds() + " s"));
                    closedByUs = true;
                    ctx.close();
                }
            }, settings.connectTimeoutSeconds(), TimeUnit.SECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttConnAckMessage connAck) {
                MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
                if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    established = true;
                    if (!connectReported) {
                        connectReported = true;
                        outcome.connected();
                    }
                } else {
                    closedByUs = true;
                    reportConnectFailure(new ConnectRefused(code));
                    ctx.close();
                }
            } else if (msg instanceof MqttMessage message
                    && message.fixedHeader().messageType() == MqttMessageType.PUBACK
                    && message.variableHeader() instanceof MqttMessageIdVariableHeader id) {
                PublishOutcome acked = inFlight.remove(id.messageId());
                if (acked != null) {
                    acked.acked(0);
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && established) {
                ctx.writeAndFlush(bare(MqttMessageType.PINGREQ));
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException ended = new IOException("connection of " + clientId + " closed", failure);
            List<PublishOutcome> failed = new ArrayList<>(inFlight.values());
            inFlight.clear();
            boolean wasEstablished = established;
            established = false;
            if (!connectReported) {
                reportConnectFailure(ended);
            } else if (wasEstablished && !closedByUs) {
                listener.connectionLost(ended);
            }
            failed.forEach(publish -> publish.failed(ended));
        }

        void reportConnectFailure(Throwable cause) {
            if (connectReported) {
                return;
            }
            connectReported = true;
            outcome.failed(cause, cause instanceof ConnectRefused refused && notAuthorized(refused.code));
        }

        /** On the event loop: a packet identifier, the PUBLISH, and the outcome kept until its PUBACK. */
        void publish(String topic, byte[] payload, boolean dup, PublishOutcome publishOutcome) {
            if (!channel.isActive()) {
                publishOutcome.failed(new IOException("connection of " + clientId + " closed"));
                return;
            }
            if (inFlight.size() >= PACKET_IDS) {
                publishOutcome.failed(new IOException("all " + PACKET_IDS + " packet identifiers of " + clientId
                        + " are waiting for a PUBACK"));
                return;
            }
            int id = lastPacketId;
            do {
                id = id % PACKET_IDS + 1;
            } while (inFlight.containsKey(id));
            lastPacketId = id;
            inFlight.put(id, publishOutcome);
            channel.writeAndFlush(new MqttPublishMessage(
                    new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.AT_LEAST_ONCE, false, 0),
                    new MqttPublishVariableHeader(topic, id), Unpooled.wrappedBuffer(payload)));
        }
    }
}
