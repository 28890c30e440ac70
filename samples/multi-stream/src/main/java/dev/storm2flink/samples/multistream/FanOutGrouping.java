package dev.storm2flink.samples.multistream;

import java.util.ArrayList;
import java.util.List;

import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.grouping.CustomStreamGrouping;
import org.apache.storm.task.WorkerTopologyContext;

/**
 * Sends each tuple to {@code replicas} consecutive target tasks, starting at the task chosen by
 * the hash of the first value (a replicated cache layout). Deterministic for a given task list.
 */
public class FanOutGrouping implements CustomStreamGrouping {
    private static final long serialVersionUID = 1L;

    private final int replicas;
    private List<Integer> targetTasks;

    public FanOutGrouping(int replicas) {
        this.replicas = replicas;
    }

    @Override
    public void prepare(WorkerTopologyContext context, GlobalStreamId stream, List<Integer> targetTasks) {
        this.targetTasks = new ArrayList<>(targetTasks);
        this.targetTasks.sort(null);
    }

    @Override
    public List<Integer> chooseTasks(int taskId, List<Object> values) {
        int n = targetTasks.size();
        int first = Math.floorMod(String.valueOf(values.get(0)).hashCode(), n);
        List<Integer> chosen = new ArrayList<>(Math.min(replicas, n));
        for (int i = 0; i < Math.min(replicas, n); i++) {
            chosen.add(targetTasks.get((first + i) % n));
        }
        return chosen;
    }
}
