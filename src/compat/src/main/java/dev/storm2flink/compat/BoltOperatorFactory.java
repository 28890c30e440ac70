package dev.storm2flink.compat;

import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** A bolt operator with an operator coordinator, its way to the spouts for fail() ({@link FailRoute}). */
final class BoltOperatorFactory extends SimpleOperatorFactory<StormRecord>
        implements OneInputStreamOperatorFactory<StormRecord, StormRecord>, CoordinatedOperatorFactory<StormRecord> {
    private static final long serialVersionUID = 1L;
    private final FailRoute.Layout layout;
    private final String component;

    BoltOperatorFactory(BoltOperator operator, FailRoute.Layout layout, String component) {
        super(operator);
        this.layout = layout;
        this.component = component;
    }

    @Override
    public <T extends StreamOperator<StormRecord>> T createStreamOperator(
            StreamOperatorParameters<StormRecord> parameters) {
        T op = super.createStreamOperator(parameters);
        OperatorID id = parameters.getStreamConfig().getOperatorID();
        ((BoltOperator) op)
                .failGateway(
                        parameters.getOperatorEventDispatcher().getOperatorEventGateway(id),
                        layout.treeAcks,
                        layout.token);
        return op;
    }

    @Override
    public OperatorCoordinator.Provider getCoordinatorProvider(String operatorName, OperatorID operatorID) {
        return new FailRoute.Provider(operatorID, layout, component);
    }
}
