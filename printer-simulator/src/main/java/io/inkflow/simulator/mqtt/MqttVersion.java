package io.inkflow.simulator.mqtt;

/** The MQTT protocol the simulated printers speak. */
public enum MqttVersion {
    V3_1_1, V5
}
