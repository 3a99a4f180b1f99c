package dev.colorize.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON form of a {@link RunPlan}. Paths are written as plain file-system paths (not URIs) so
 * the file stays readable, and unknown properties fail: a worker must not silently drop a setting.
 */
final class PlanJson {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .registerModule(new SimpleModule("colorize-plan")
          .addSerializer(Path.class, new PathSerializer())
          .addDeserializer(Path.class, new PathDeserializer()));

  private PlanJson() {}

  /** A deep copy of a configuration object, so a plan never shares a mutable one. */
  static <T> T copy(T value, Class<T> type) {
    return value == null ? null : MAPPER.convertValue(value, type);
  }

  private static final class PathSerializer extends JsonSerializer<Path> {
    @Override
    public void serialize(Path path, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(path.toString());
    }
  }

  private static final class PathDeserializer extends JsonDeserializer<Path> {
    @Override
    public Path deserialize(JsonParser in, DeserializationContext context) throws IOException {
      return Path.of(in.getValueAsString());
    }
  }
}
