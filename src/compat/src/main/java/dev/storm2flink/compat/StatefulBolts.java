package dev.storm2flink.compat;

import java.lang.reflect.Method;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.CheckPointState;
import org.apache.storm.spout.CheckpointSpout;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.StatefulBoltExecutor;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;

/**
 * Storm's checkpointing of stateful bolts (IStatefulBolt, stateful windowed bolts) on Flink's checkpoints. On Storm,
 * TopologyBuilder adds a CheckpointSpout whose $checkpoint tuples reach every bolt (wrapped in StatefulBoltExecutor or
 * CheckpointTupleForwarder) and drive initState/prePrepare/preCommit with the state provider's transactions. Here the
 * spout and its streams are taken out of the topology (the spout keeps its task id, as Storm's own components do), the
 * wrappers stay, and the bolt operator hands each StatefulBoltExecutor the same actions at Flink's points: INITSTATE
 * when it opens (after a restore, with the restored state), PREPARE before each checkpoint barrier, COMMIT when the
 * checkpoint completes. The state is {@link FlinkStateProvider}'s, written into the checkpoint.
 */
final class StatefulBolts {
    private StatefulBolts() {}

    static final String SPOUT = CheckpointSpout.CHECKPOINT_COMPONENT_ID;
    static final String STREAM = CheckpointSpout.CHECKPOINT_STREAM_ID;

    static boolean uses(StormTopology t) {
        return t.get_spouts().containsKey(SPOUT);
    }

    /** A copy without the checkpoint spout and without any $checkpoint subscription. */
    static StormTopology withoutCheckpointSpout(StormTopology t) {
        StormTopology copy = t.deepCopy();
        copy.get_spouts().remove(SPOUT);
        for (Bolt b : copy.get_bolts().values()) {
            Map<GlobalStreamId, ?> inputs = b.get_common().get_inputs();
            inputs.keySet().removeIf(g -> STREAM.equals(g.get_streamId()));
        }
        return copy;
    }

    /** Flink's state in place of the user's provider (Redis, HBase): the job's checkpoints hold it now. */
    static void useFlinkState(Map<String, Object> topoConf) {
        Object before = topoConf.get(Config.TOPOLOGY_STATE_PROVIDER);
        if (before != null && !FlinkStateProvider.class.getName().equals(before)) {
            org.slf4j.LoggerFactory.getLogger(StatefulBolts.class)
                    .info(
                            "topology.state.provider {} replaced: stateful bolts keep their state in Flink's checkpoints",
                            before);
        }
        topoConf.put(Config.TOPOLOGY_STATE_PROVIDER, FlinkStateProvider.class.getName());
    }

    private static volatile Method handle;

    /** Gives a StatefulBoltExecutor one checkpoint action, as a $checkpoint tuple would (its own method, so its logic). */
    static void act(
            StatefulBoltExecutor<?> executor, TopologyContext context, CheckPointState.Action action, long txid) {
        try {
            Method m = handle;
            if (m == null) {
                m = StatefulBoltExecutor.class.getDeclaredMethod(
                        "handleCheckpoint", Tuple.class, CheckPointState.Action.class, long.class);
                m.setAccessible(true);
                handle = m;
            }
            // From the task's own component on its $checkpoint stream (declared by the executor): the checkpoint spout
            // is not in the topology here.
            Tuple t = new TupleImpl(
                    context, new Values(txid, action), context.getThisComponentId(), context.getThisTaskId(), STREAM);
            m.invoke(executor, t, action, txid);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IllegalStateException(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Storm's StatefulBoltExecutor has no handleCheckpoint: " + e, e);
        }
    }
}
