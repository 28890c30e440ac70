package dev.storm2flink.compat.verify;

import java.util.List;
import java.util.Map;
import org.apache.storm.hooks.BaseTaskHook;
import org.apache.storm.hooks.info.BoltExecuteInfo;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.hooks.info.SpoutAckInfo;
import org.apache.storm.hooks.info.SpoutFailInfo;
import org.apache.storm.task.TopologyContext;

/** Registered through topology.auto.task.hooks: sees every emit of every task without touching user code. */
public class TapHook extends BaseTaskHook {
    public static final String TAP_FILE = "s2f.tap.file";
    private String component;
    private TopologyContext context;
    private int run;

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context) {
        this.context = context;
        this.component = context.getThisComponentId();
        this.run = Tap.runOf(conf);
        if (!Tap.current(run)) return;
        Object file = conf.get(TAP_FILE);
        if (file != null) Tap.open(file.toString());
        if (!component.startsWith("__")) Rounds.taskPrepared();
    }

    @Override
    public void emit(EmitInfo info) {
        // Acker, metrics and system streams are Storm's bookkeeping, not the topology's output; so are the checkpoint
        // spout's and its $checkpoint stream (stateful bolts), which Flink's own checkpoints replace.
        if (component.startsWith("__")
                || info.stream.startsWith("__")
                || component.equals("$checkpointspout")
                || info.stream.equals("$checkpoint")
                || !Tap.current(run)) return;
        if (isTridentCoordination(info.stream)) {
            if (info.stream.equals("$success"))
                TridentBatches.succeeded(component, info.values.isEmpty() ? null : info.values.get(0));
            return;
        }
        List<String> fields = null;
        try {
            fields = context.getComponentOutputFields(component, info.stream).toList();
        } catch (RuntimeException ignored) {
            // Unknown stream: leave the names out.
        }
        // Before Tap.record: on Storm this hook runs before the tuple is sent, so holding here holds the tuple.
        Rounds.emitted(info.outTasks == null ? 0 : info.outTasks.size());
        Tap.record(component, info.stream, info.taskId, info.values, fields);
    }

    @Override
    public void spoutAck(SpoutAckInfo info) {
        if (Tap.current(run)) Tap.count(Tap.ackedBy, component);
    }

    @Override
    public void spoutFail(SpoutFailInfo info) {
        if (Tap.current(run)) Tap.count(Tap.failedBy, component);
    }

    @Override
    public void boltExecute(BoltExecuteInfo info) {
        // Ticks and tuples done: verify's rounds wait for them (Rounds).
        if (!component.startsWith("__") && Tap.current(run) && !isTridentCoordination(info.tuple.getSourceStreamId())) {
            Rounds.executed(info.tuple.getSourceStreamId());
        }
    }

    /**
     * Trident's transaction protocol (MasterBatchCoordinator's $batch, $commit, $success; the bolt executors'
     * per-task counts on $coord-…): bookkeeping like the acker's, not the topology's output, and never quiet.
     */
    static boolean isTridentCoordination(String stream) {
        return stream.equals("$batch")
                || stream.equals("$commit")
                || stream.equals("$success")
                || stream.startsWith("$coord-");
    }
}
