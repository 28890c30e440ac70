package dev.storm2flink.samples.kafka;

import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses an order (JSON) and enriches it with its total, category and tier. Emits (key, message)
 * for the KafkaBolt; unparseable records go to the "rejected" stream.
 */
public class EnrichOrderBolt extends BaseBasicBolt {
    public static final String REJECTED = "rejected";
    private static final Logger LOG = LoggerFactory.getLogger(EnrichOrderBolt.class);
    private static final Map<String, String> CATEGORIES = Map.of(
        "BK", "books", "EL", "electronics", "GR", "groceries", "TY", "toys");

    private transient ObjectMapper mapper;

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        }
        return mapper;
    }

    @Override
    public void execute(Tuple input, BasicOutputCollector collector) {
        String key = input.getStringByField("key");
        String value = input.getStringByField("value");
        try {
            ObjectNode order = (ObjectNode) mapper().readTree(value);
            String sku = order.path("sku").asText("");
            int qty = order.path("qty").asInt(0);
            BigDecimal unitPrice = new BigDecimal(order.path("unitPrice").asText("0"));
            BigDecimal total = unitPrice.multiply(BigDecimal.valueOf(qty));
            String prefix = sku.length() >= 2 ? sku.substring(0, 2) : "";
            order.put("total", total.toPlainString());
            order.put("category", CATEGORIES.getOrDefault(prefix, "other"));
            order.put("tier", total.compareTo(new BigDecimal("100")) >= 0 ? "large" : "small");
            order.put("sourceTopic", input.getStringByField("topic"));
            collector.emit(new Values(key, mapper().writeValueAsString(order)));
        } catch (JsonProcessingException | ClassCastException | NumberFormatException e) {
            LOG.warn("rejecting record {}: {}", key, e.getMessage());
            collector.emit(REJECTED, new Values(key, value));
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("key", "message"));
        declarer.declareStream(REJECTED, new Fields("key", "value"));
    }
}
