import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Test harness of the translator's slow tier: runs a generated job's unmodified main class and then
 * prints, per Flink operator, the records it took in and sent out ("s2f-metric\t<operator>\t<metric>\t<n>"),
 * so a sample whose bolts log nothing still shows what went through each component.
 * The job's own {@code getExecutionEnvironment(conf)} gets a local environment with one extra metrics
 * reporter (a context environment factory); nothing else changes.
 */
public final class JobHarness extends StreamExecutionEnvironment {
  private JobHarness() {}

  public static void main(String[] args) throws Exception {
    String mainClass = args[0];
    String[] jobArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
    initializeContextEnvironment(conf -> {
      Configuration c = new Configuration();
      c.addAll(conf);
      c.setString("metrics.reporter.s2f.factory.class", Counters.class.getName());
      // What LocalStreamEnvironment sets (it refuses to exist under a context factory).
      c.setString("execution.target", "local");
      c.setString("execution.attached", "true");
      if (!c.containsKey("parallelism.default")) {
        c.setString("parallelism.default", String.valueOf(Runtime.getRuntime().availableProcessors()));
      }
      return new StreamExecutionEnvironment(c);
    });
    // -Ds2f.harness.everyMs=N: the counts also every N ms while the job runs ("s2f-live\t…"), for jobs whose spouts
    // never end (the caller stops the JVM once it has seen what it waits for).
    long every = Long.getLong("s2f.harness.everyMs", 0L);
    if (every > 0) {
      Thread live = new Thread(() -> {
        while (true) {
          try {
            Thread.sleep(every);
          } catch (InterruptedException e) {
            return;
          }
          synchronized (Counters.SEEN) {
            Map<String, Long> now = new TreeMap<>();
            for (Object[] s : Counters.SEEN) now.merge((String) s[0], ((Counter) s[1]).getCount(), Long::sum);
            now.forEach((k, v) -> System.out.println("s2f-live\t" + k + "\t" + v));
          }
          System.out.flush();
        }
      }, "s2f-live-counts");
      live.setDaemon(true);
      live.start();
    }
    int rc = 0;
    try {
      Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) jobArgs);
    } catch (java.lang.reflect.InvocationTargetException e) {
      System.err.println("s2f-job-failed");
      e.getCause().printStackTrace();
      rc = 1;
    }
    Map<String, Long> totals = new TreeMap<>();
    synchronized (Counters.SEEN) {
      for (Object[] s : Counters.SEEN) totals.merge((String) s[0], ((Counter) s[1]).getCount(), Long::sum);
    }
    totals.forEach((k, v) -> System.out.println("s2f-metric\t" + k + "\t" + v));
    System.out.flush();
    // Multilang children and client threads must not keep the JVM alive after the job ended.
    System.exit(rc);
  }

  /** Keeps every operator's record counters; their last values are read after the job ended. */
  public static final class Counters implements MetricReporter, MetricReporterFactory {
    static final List<Object[]> SEEN = new ArrayList<>();

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new Counters();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      String op = group.getAllVariables().get("<operator_name>");
      if (op != null && metric instanceof Counter && (name.equals("numRecordsIn") || name.equals("numRecordsOut"))) {
        synchronized (SEEN) {
          SEEN.add(new Object[] {op + "\t" + name, metric});
        }
      }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
  }
}
