package org.convlens.analysis.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import elemental.json.Json;
import elemental.json.JsonValue;

/** Plain Java values (maps, lists, numbers, strings, arrays) as element properties. */
final class JsonValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonValues() {
    }

    static JsonValue of(Object value) {
        try {
            return Json.instance().parse(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
