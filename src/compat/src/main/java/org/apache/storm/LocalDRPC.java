package org.apache.storm;

import dev.storm2flink.compat.capture.Submissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.storm.generated.DRPCExceptionType;
import org.apache.storm.generated.DRPCExecutionException;
import org.apache.storm.generated.DRPCRequest;
import org.apache.storm.utils.ObjectReader;
import org.apache.storm.utils.ServiceRegistry;
import org.apache.storm.utils.Utils;

/**
 * storm2flink's stand-in for Storm's LocalDRPC (storm-server), carried by the compat runtime beside the LocalCluster
 * stand-in: a DRPC server inside this JVM, registered in Storm's {@code ServiceRegistry} as Storm's is, so a
 * {@code DRPCSpout(function, drpc)} and {@code ReturnResults} of a job in the same JVM (a MiniCluster, verify) serve its
 * {@code execute} calls. It keeps Storm's DRPC semantics (daemon/drpc/DRPC): a queue per function, the request
 * answered by {@code result} or failed by {@code failRequest}, {@code drpc.request.timeout.secs}. While the user's main
 * is being captured for a Flink job, {@code execute} records the request and answers "" at once (no topology runs yet).
 * On a classpath with storm-server first, Storm's own class wins.
 */
public class LocalDRPC implements ILocalDRPC {
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<String>> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Outstanding> requests = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long timeoutMs;
    private final String serviceId;

    private static final class Outstanding {
        final String function;
        final String args;
        final CompletableFuture<String> answer = new CompletableFuture<>();

        Outstanding(String function, String args) {
            this.function = function;
            this.args = args;
        }
    }

    public LocalDRPC() {
        Map<String, Object> defaults = Utils.readDefaultConfig();
        timeoutMs = ObjectReader.getInt(defaults.get("drpc.request.timeout.secs"), 600) * 1000L;
        serviceId = ServiceRegistry.registerService(this);
        if (Submissions.capturing()) Submissions.captureService(serviceId);
    }

    /** Storm's constructor takes a StormMetricsRegistry (storm-server); the registry is not used here. */
    public LocalDRPC(Object metricsRegistry) {
        this();
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public String execute(String functionName, String funcArgs) throws DRPCExecutionException {
        if (Submissions.capturing()) {
            Submissions.recordDrpc(functionName, funcArgs);
            return "";
        }
        String id = String.valueOf(ids.incrementAndGet());
        Outstanding req = new Outstanding(functionName, funcArgs);
        requests.put(id, req);
        queues.computeIfAbsent(functionName, f -> new ConcurrentLinkedQueue<>()).add(id);
        try {
            return req.answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("Timed Out", DRPCExceptionType.SERVER_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted", DRPCExceptionType.SERVER_SHUTDOWN);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DRPCExecutionException) throw (DRPCExecutionException) e.getCause();
            throw failure(String.valueOf(e.getCause()), DRPCExceptionType.FAILED_REQUEST);
        } finally {
            requests.remove(id);
            ConcurrentLinkedQueue<String> q = queues.get(functionName);
            if (q != null) q.remove(id);
        }
    }

    private static DRPCExecutionException failure(String msg, DRPCExceptionType type) {
        DRPCExecutionException e = new DRPCExecutionException(msg);
        e.set_type(type);
        return e;
    }

    @Override
    public DRPCRequest fetchRequest(String functionName) {
        ConcurrentLinkedQueue<String> q = queues.get(functionName);
        String id = q == null ? null : q.poll();
        Outstanding req = id == null ? null : requests.get(id);
        return req == null ? new DRPCRequest("", "") : new DRPCRequest(req.args, id);
    }

    @Override
    public void result(String id, String result) {
        Outstanding req = requests.get(id);
        if (req != null) req.answer.complete(result);
    }

    @Override
    public void failRequest(String id) {
        failRequestV2(id, null);
    }

    @Override
    public void failRequestV2(String id, DRPCExecutionException e) {
        Outstanding req = requests.get(id);
        if (req != null)
            req.answer.completeExceptionally(
                    e != null ? e : failure("Request failed", DRPCExceptionType.FAILED_REQUEST));
    }

    @Override
    public void close() {
        ServiceRegistry.unregisterService(serviceId);
        for (Outstanding req : requests.values())
            req.answer.completeExceptionally(failure("Server Shutting Down", DRPCExceptionType.SERVER_SHUTDOWN));
    }

    @Override
    @Deprecated
    public void shutdown() {
        close();
    }
}
