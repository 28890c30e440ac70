package dev.storm2flink.compat;

import java.util.Collections;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink graph built for a Storm topology: one output stream per component (records routed to consumers). */
public final class StormJob {
    private final StreamExecutionEnvironment env;
    private final String name;
    private final TopologyPlan plan;
    private final Map<String, DataStream<StormRecord>> streams;

    StormJob(
            StreamExecutionEnvironment env,
            String name,
            TopologyPlan plan,
            Map<String, DataStream<StormRecord>> streams) {
        this.env = env;
        this.name = name;
        this.plan = plan;
        this.streams = Collections.unmodifiableMap(streams);
    }

    /**
     * Everything the component emits, as records addressed to one target task each; a record may hold several tuples
     * (a bolt's emits of one execute to that task: {@link StormRecord#size()}, {@code streamAt}, {@code valuesAt}).
     */
    public DataStream<StormRecord> stream(String componentId) {
        DataStream<StormRecord> s = streams.get(componentId);
        if (s == null) throw new IllegalArgumentException("No component " + componentId);
        return s;
    }

    public Map<String, DataStream<StormRecord>> streams() {
        return streams;
    }

    public TopologyPlan plan() {
        return plan;
    }

    public String name() {
        return name;
    }

    public JobExecutionResult execute() throws Exception {
        return env.execute(name);
    }
}
