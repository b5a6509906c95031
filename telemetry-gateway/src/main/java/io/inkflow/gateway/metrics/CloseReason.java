package io.inkflow.gateway.metrics;

/** Why the gateway closed (or saw closed) an MQTT connection; a metric tag, so the set is closed. */
public enum CloseReason {
    /** The client sent DISCONNECT. */
    CLIENT_DISCONNECT,
    /** The TCP connection ended without DISCONNECT. */
    PEER_CLOSED,
    /** Bytes that are not a valid MQTT packet. */
    MALFORMED_PACKET,
    /** A valid packet in the wrong place: a second CONNECT, a first packet that is not CONNECT, etc. */
    PROTOCOL_VIOLATION,
    /** A packet above the size limit. */
    PACKET_TOO_LARGE,
    /** Nothing received for 1.5 x the client's keepalive. */
    KEEPALIVE_TIMEOUT,
    /** No CONNECT within the connect timeout. */
    CONNECT_TIMEOUT,
    /** CONNECT refused (bad credentials, throttled, unsupported version, ...). */
    CONNECT_REFUSED,
    /** Published to a topic it may not use (MQTT 3.1.1 has no other way to refuse). */
    NOT_AUTHORIZED,
    /** QoS 2 or another feature the gateway does not support. */
    UNSUPPORTED,
    /** A newer connection with the same client id took over. */
    TAKEN_OVER,
    /** The device's credential was revoked or deleted. */
    REVOKED,
    /** Kafka did not store a report in time; the client resends after reconnecting. */
    KAFKA_FAILURE,
    /** The gateway is shutting down. */
    SHUTDOWN,
    /** A network error or an unexpected exception. */
    ERROR
}
