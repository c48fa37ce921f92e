package dev.overlaysim.flannel.subnet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The strict JSON reader shared by the flannel config and lease values. Package-private. */
final class Json {
    private Json() {}

    // Configuration only: immutable after this initialiser, no simulation state.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Parses {@code text}; a syntax error becomes the message "line L, column C: ...". */
    static JsonNode read(String text) throws SyntaxError {
        if (text == null) throw new SyntaxError("no JSON text (null)");
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) throw new SyntaxError("empty document");
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new SyntaxError(where + e.getOriginalMessage());
        }
    }

    /** Compact JSON, fields in document order, as Go's json.Marshal writes a json.RawMessage. */
    static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a parsed tree", e);
        }
    }

    /** A Go-style name of the JSON type, for "found string" messages. */
    static String typeName(JsonNode n) {
        if (n.isTextual()) return "string " + n.toString();
        if (n.isBoolean()) return "boolean " + n.asText();
        if (n.isNumber()) return "number " + n.asText();
        if (n.isNull()) return "null";
        if (n.isArray()) return "array";
        return "object";
    }

    /** Plain Java values in document order: LinkedHashMap, List, String, Boolean, Long, BigDecimal, null. */
    static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return Collections.unmodifiableMap(m);
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(toJava(x)));
            return Collections.unmodifiableList(l);
        }
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        if (n.isNumber()) return n.decimalValue();
        return null;
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) { super(message); }
    }
}
