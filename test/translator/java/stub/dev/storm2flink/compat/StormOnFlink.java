package dev.storm2flink.compat;

import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.generated.StormTopology;

/** Compile-time stand-in for the compat runtime entry the generated jobs call (src/compat's signature). */
public final class StormOnFlink {
  private StormOnFlink() {}

  public static Object build(StreamExecutionEnvironment env, String name, Map<String, Object> conf, StormTopology topology, StormOnFlinkOptions options) {
    return null;
  }
}
