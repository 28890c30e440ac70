package dev.storm2flink.samples.trident;

import java.util.Locale;

import org.apache.storm.trident.operation.BaseFunction;
import org.apache.storm.trident.operation.TridentCollector;
import org.apache.storm.trident.tuple.TridentTuple;
import org.apache.storm.tuple.Values;

/** Trident function: sentence to lower-case words. */
public class Split extends BaseFunction {
    @Override
    public void execute(TridentTuple tuple, TridentCollector collector) {
        for (String word : tuple.getString(0).toLowerCase(Locale.ROOT).split("[^a-z0-9']+")) {
            if (!word.isEmpty()) {
                collector.emit(new Values(word));
            }
        }
    }
}
