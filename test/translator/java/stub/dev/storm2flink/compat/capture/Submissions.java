package dev.storm2flink.compat.capture;

import java.util.Map;
import org.apache.storm.generated.StormTopology;

/** Compile-time stand-in for the compat runtime's Submissions (signatures only). */
public final class Submissions {
  public static final class Submission {
    public final String name = null;
    public final Map<String, Object> conf = null;
    public final StormTopology topology = null;
  }

  public static void record(String name, Map<?, ?> conf, StormTopology topology) {}
}
