package dev.storm2flink.compat;

import java.lang.reflect.Field;
import org.apache.storm.drpc.DRPCSpout;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.trident.spout.RichSpoutBatchTriggerer;
import org.apache.storm.trident.topology.MasterBatchCoordinator;
import org.apache.storm.utils.Utils;

/**
 * Where a topology's DRPC spouts are: a spout that is a {@code DRPCSpout} (LinearDRPCTopologyBuilder, by hand) or
 * wraps one (Trident). Storm only, no Flink: verify's Storm runner compiles it too.
 */
public final class DrpcSpouts {
    private DrpcSpouts() {}

    /**
     * The DRPCSpout a topology's spout is, or wraps: Trident's {@code newDRPCStream} compiles to a
     * {@code RichSpoutBatchTriggerer} around it (TridentTopologyBuilder.setBatchPerTupleSpout). Null for any other.
     */
    public static DRPCSpout drpcSpout(Object spout) {
        if (spout instanceof DRPCSpout) return (DRPCSpout) spout;
        if (!(spout instanceof RichSpoutBatchTriggerer)) return null;
        try {
            Object inner = delegate().get(spout);
            return inner instanceof DRPCSpout ? (DRPCSpout) inner : null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code outer} (a spout that {@link #drpcSpout} finds one in) taking requests through {@code now} instead. */
    public static IRichSpout withDrpcSpout(Object outer, DRPCSpout now) {
        if (!(outer instanceof RichSpoutBatchTriggerer)) return now;
        // Its stream and coordination stream stay as built; its other fields are set in open.
        try {
            delegate().set(outer, now);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return (RichSpoutBatchTriggerer) outer;
    }

    /**
     * Whether {@code topology} has Trident spouts (a master batch coordinator) beside its DRPC streams, as
     * storm-starter's TridentWordCount has: such a DRPC stream answers from state those spouts fill, at times neither
     * engine fixes, so verify sends it no requests (the spouts' transactions are what it compares).
     */
    public static boolean besideTridentSpouts(StormTopology topology) {
        for (SpoutSpec spec : topology.get_spouts().values())
            if (spoutObject(spec) instanceof MasterBatchCoordinator) return true;
        return false;
    }

    /** Whether {@code topology} has a DRPC spout. */
    public static boolean hasDrpcSpout(StormTopology topology) {
        for (SpoutSpec spec : topology.get_spouts().values()) if (drpcSpout(spoutObject(spec)) != null) return true;
        return false;
    }

    private static Object spoutObject(SpoutSpec spec) {
        if (!spec.get_spout_object().is_set_serialized_java()) return null;
        try {
            return Utils.javaDeserialize(spec.get_spout_object().get_serialized_java(), Object.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** RichSpoutBatchTriggerer keeps the spout it triggers batches for in a package-private field. */
    private static Field delegate() {
        try {
            Field f = RichSpoutBatchTriggerer.class.getDeclaredField("delegate");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RichSpoutBatchTriggerer of this Storm version has no delegate", e);
        }
    }
}
