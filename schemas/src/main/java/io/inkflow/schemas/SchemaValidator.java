package io.inkflow.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates messages against their JSON Schema. Schemas are parsed once; {@link #validate} is
 * thread-safe and returns the violations as readable strings (empty when valid).
 */
public final class SchemaValidator {
    private final Map<MessageSchema, JsonSchema> schemas = new EnumMap<>(MessageSchema.class);

    public SchemaValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (MessageSchema schema : MessageSchema.values()) {
            try (InputStream in = resource(schema.resourcePath())) {
                schemas.put(schema, factory.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load " + schema.resourcePath(), e);
            }
        }
    }

    public List<String> validate(MessageSchema schema, JsonNode message) {
        Set<ValidationMessage> violations = schemas.get(schema).validate(message);
        return violations.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    static InputStream resource(String path) throws IOException {
        InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("Missing classpath resource " + path);
        }
        return in;
    }
}
