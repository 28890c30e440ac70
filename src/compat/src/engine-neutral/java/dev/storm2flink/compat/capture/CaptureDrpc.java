package dev.storm2flink.compat.capture;

import org.apache.storm.ILocalDRPC;
import org.apache.storm.generated.DRPCExecutionException;
import org.apache.storm.generated.DRPCRequest;
import org.apache.storm.utils.ServiceRegistry;

/**
 * The DRPC server a captured main talks to, as Storm's local mode installs one ({@code DRPCClient.LocalOverride}):
 * a {@code DRPCSpout(function)} built meanwhile points at it and {@code DRPCClient.getConfiguredClient} reaches it.
 * It serves nothing: each {@code execute} is recorded (the requests verify replays) and answered "" at once, so the
 * main goes on to its next request instead of waiting for a topology that is not running yet.
 */
final class CaptureDrpc implements ILocalDRPC {
    private final String serviceId;

    CaptureDrpc() {
        serviceId = ServiceRegistry.registerService(this);
        Submissions.captureService(serviceId);
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public String execute(String functionName, String funcArgs) {
        Submissions.recordDrpc(functionName, funcArgs);
        return "";
    }

    @Override
    public void result(String id, String result) {}

    @Override
    public DRPCRequest fetchRequest(String functionName) {
        return new DRPCRequest("", "");
    }

    @Override
    public void failRequest(String id) {}

    @Override
    public void failRequestV2(String id, DRPCExecutionException e) {}

    @Override
    public void close() {
        ServiceRegistry.unregisterService(serviceId);
    }

    @Override
    @Deprecated
    public void shutdown() {
        close();
    }
}
