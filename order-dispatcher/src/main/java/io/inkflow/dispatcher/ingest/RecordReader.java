package io.inkflow.dispatcher.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkflow.dispatcher.deadletter.DeadLetter;
import io.inkflow.dispatcher.deadletter.DeadLetterReason;
import io.inkflow.dispatcher.ingest.BatchHandler.InboundRecord;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.SchemaValidator;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one consumed record as its message type: JSON, then its JSON Schema, then the record type.
 * Whatever fails is a {@link DeadLetter} with the reason; nothing here throws for bad input.
 */
final class RecordReader<T> {
    private static final Logger log = LoggerFactory.getLogger(RecordReader.class);

    private final MessageSchema schema;
    private final Class<T> type;
    private final SchemaValidator validator;
    private final ObjectMapper mapper = Json.mapper();

    RecordReader(MessageSchema schema, Class<T> type, SchemaValidator validator) {
        this.schema = schema;
        this.type = type;
        this.validator = validator;
    }

    /** The outcome of reading one record. */
    sealed interface Read<T> {
        record Ok<T>(InboundRecord record, T message) implements Read<T> {
            /** Names the record (the message may be long) in logs of the poison isolation. */
            @Override
            public String toString() {
                return record.topic() + "/" + record.partition() + "@" + record.offset();
            }
        }

        record Refused<T>(DeadLetter letter) implements Read<T> {
        }
    }

    Read<T> read(InboundRecord record) {
        try {
            return parse(record);
        } catch (RuntimeException e) {
            // a bug of ours on this record: set it aside for a replay after the fix, never stall on it
            log.error("Reading a record failed unexpectedly [topic={}, partition={}, offset={}]", record.topic(),
                    record.partition(), record.offset(), e);
            return refuse(record, DeadLetterReason.INTERNAL, e.toString());
        }
    }

    private Read<T> parse(InboundRecord record) {
        if (record.value() == null || record.value().length == 0) {
            return refuse(record, DeadLetterReason.NOT_JSON, "no value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(record.value());
        } catch (IOException e) {
            return refuse(record, DeadLetterReason.NOT_JSON, message(e));
        }
        List<String> violations = validator.validate(schema, node);
        if (!violations.isEmpty()) {
            return refuse(record, DeadLetterReason.SCHEMA_INVALID, String.join("; ", violations));
        }
        try {
            return new Read.Ok<>(record, mapper.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // valid by the schema but not readable as the record (a number beyond Java's range, say)
            return refuse(record, DeadLetterReason.SCHEMA_INVALID, message(e));
        }
    }

    Read.Refused<T> refuse(InboundRecord record, DeadLetterReason reason, String detail) {
        return new Read.Refused<>(letter(record, reason, detail));
    }

    static DeadLetter letter(InboundRecord record, DeadLetterReason reason, String detail) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason,
                detail);
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }
}
