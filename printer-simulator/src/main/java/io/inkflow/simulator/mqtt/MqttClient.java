package io.inkflow.simulator.mqtt;

/**
 * Which MQTT client library the printers' links use. Paho speaks MQTT 3.1.1 and 5, over TCP and TLS; the
 * Netty links speak MQTT 3.1.1 over plain TCP only, for a fraction of Paho's CPU per report, and exist so a load
 * generator leaves the cores it shares with the system under test to that system.
 */
public enum MqttClient {
    PAHO, NETTY
}
