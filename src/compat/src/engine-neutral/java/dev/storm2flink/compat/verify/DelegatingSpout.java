package dev.storm2flink.compat.verify;

import java.util.Map;
import org.apache.storm.spout.ISpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IComponent;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;

/**
 * A spout that runs another one in its place: every {@link IRichSpout} call goes to {@link #delegate()}; a subclass
 * overrides only what it changes (verify's recording spout, the DRPC driver's bounded spouts).
 */
public abstract class DelegatingSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;

    /** The spout run in this one's place; may be null before {@link #open} (then it declares and configures nothing). */
    protected abstract ISpout delegate();

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        delegate().open(conf, context, collector);
    }

    @Override
    public void close() {
        delegate().close();
    }

    @Override
    public void activate() {
        delegate().activate();
    }

    @Override
    public void deactivate() {
        delegate().deactivate();
    }

    @Override
    public void nextTuple() {
        delegate().nextTuple();
    }

    @Override
    public void ack(Object msgId) {
        delegate().ack(msgId);
    }

    @Override
    public void fail(Object msgId) {
        delegate().fail(msgId);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        if (delegate() instanceof IComponent) ((IComponent) delegate()).declareOutputFields(declarer);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return delegate() instanceof IComponent ? ((IComponent) delegate()).getComponentConfiguration() : null;
    }
}
