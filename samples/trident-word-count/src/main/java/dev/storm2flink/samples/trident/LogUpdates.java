package dev.storm2flink.samples.trident;

import org.apache.storm.trident.operation.BaseFilter;
import org.apache.storm.trident.tuple.TridentTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every (word, count) state update; keeps all tuples. */
public class LogUpdates extends BaseFilter {
    private static final Logger LOG = LoggerFactory.getLogger(LogUpdates.class);

    @Override
    public boolean isKeep(TridentTuple tuple) {
        LOG.info("count {} = {}", tuple.getString(0), tuple.getLong(1));
        return true;
    }
}
