package io.inkflow.gateway.mqtt;

/** Passed down the pipeline instead of bytes when a packet announces more than the size limit. */
public record OversizePacket(long announcedBytes) {
}
