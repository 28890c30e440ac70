package org.apache.storm.metric;

import com.esotericsoftware.kryo.io.Output;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.apache.storm.metric.api.IMetricsConsumer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.task.IErrorReporter;
import org.apache.storm.task.TopologyContext;

/**
 * Storm 1.x's {@code org.apache.storm.metric.HttpForwardingMetricsConsumer} (storm-core), which Storm 2 dropped:
 * posts each batch of data points, Kryo-serialized, to the URL given as its registration argument (an
 * {@link HttpForwardingMetricsServer}'s).
 */
public class HttpForwardingMetricsConsumer implements IMetricsConsumer {
    private transient URL url;
    private transient KryoValuesSerializer serializer;

    @Override
    public void prepare(
            Map<String, Object> topoConf,
            Object registrationArgument,
            TopologyContext context,
            IErrorReporter errorReporter) {
        try {
            url = new URL((String) registrationArgument);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        serializer = new KryoValuesSerializer(HttpForwardingMetricsServer.withJavaFallback(topoConf));
    }

    @Override
    public void handleDataPoints(TaskInfo taskInfo, Collection<DataPoint> dataPoints) {
        try {
            HttpURLConnection con = (HttpURLConnection) url.openConnection();
            con.setRequestMethod("POST");
            con.setDoOutput(true);
            try (Output out = new Output(con.getOutputStream())) {
                serializer.serializeInto(Arrays.asList(taskInfo, new ArrayList<>(dataPoints)), out);
            }
            // The request is sent once a response is asked for.
            con.getResponseCode();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void cleanup() {}
}
