package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.Config;
import org.apache.storm.LocalDRPC;
import org.apache.storm.coordination.BatchOutputCollector;
import org.apache.storm.drpc.DRPCSpout;
import org.apache.storm.drpc.LinearDRPCTopologyBuilder;
import org.apache.storm.drpc.ReturnResults;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.topology.base.BaseBatchBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DRPC topologies run unchanged: LinearDRPCTopologyBuilder's DRPCSpout → PrepareRequest → CoordinatedBolts (direct
 * "$coord-" streams, request ids finished per task) → JoinResult → ReturnResults, answering a LocalDRPC in this JVM
 * (the compat runtime's stand-in, in Storm's ServiceRegistry), with the answers Storm gives.
 */
@Timeout(180)
class DrpcTest extends TestBase {

    /** Appends "!" (storm-starter's BasicDRPCTopology shape: one basic bolt, parallelism 3). */
    public static class Exclaim extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            collector.emit(new Values(tuple.getValue(0), tuple.getString(1) + "!"));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "result"));
        }
    }

    // A reach-like function over our own small graph: who wrote about a topic, and how many distinct readers follow
    // them.
    static final Map<String, List<String>> AUTHORS = Map.of(
            "flink", List.of("ana", "bo", "cy"),
            "storm", List.of("bo", "dee"),
            "none", List.of());
    static final Map<String, List<String>> READERS = Map.of(
            "ana", List.of("r1", "r2", "r3"),
            "bo", List.of("r2", "r4"),
            "cy", List.of("r1", "r5", "r6", "r7"),
            "dee", List.of("r4", "r8"));

    public static class Authors extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            for (String a : AUTHORS.getOrDefault(tuple.getString(1), List.of()))
                collector.emit(new Values(tuple.getValue(0), a));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "author"));
        }
    }

    public static class Readers extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            for (String r : READERS.getOrDefault(tuple.getString(1), List.of()))
                collector.emit(new Values(tuple.getValue(0), r));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "reader"));
        }
    }

    /** Distinct readers of one request on this task, emitted when CoordinatedBolt says the request is finished here. */
    public static class DistinctReaders extends BaseBatchBolt<Object> {
        private BatchOutputCollector collector;
        private Object id;
        private final Set<String> readers = new HashSet<>();

        @Override
        public void prepare(
                Map<String, Object> conf, TopologyContext context, BatchOutputCollector collector, Object id) {
            this.collector = collector;
            this.id = id;
        }

        @Override
        public void execute(Tuple tuple) {
            readers.add(tuple.getString(1));
        }

        @Override
        public void finishBatch() {
            collector.emit(new Values(id, readers.size()));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "count"));
        }
    }

    public static class Sum extends BaseBatchBolt<Object> {
        private BatchOutputCollector collector;
        private Object id;
        private int sum;

        @Override
        public void prepare(
                Map<String, Object> conf, TopologyContext context, BatchOutputCollector collector, Object id) {
            this.collector = collector;
            this.id = id;
        }

        @Override
        public void execute(Tuple tuple) {
            sum += tuple.getInteger(1);
        }

        @Override
        public void finishBatch() {
            collector.emit(new Values(id, sum));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("id", "reach"));
        }
    }

    /** A hand-built DRPC topology's bolt: [args, return-info] → [ARGS, return-info]. */
    public static class Upper extends BaseBasicBolt {
        @Override
        public void execute(Tuple tuple, BasicOutputCollector collector) {
            collector.emit(new Values(tuple.getString(0).toUpperCase(), tuple.getString(1)));
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("result", "return-info"));
        }
    }

    /** Fails the tuple of a request whose args are "bad" (its tree fails back to the DRPCSpout); answers the rest. */
    public static class FailBad extends org.apache.storm.topology.base.BaseRichBolt {
        private org.apache.storm.task.OutputCollector collector;

        @Override
        public void prepare(
                Map<String, Object> conf, TopologyContext context, org.apache.storm.task.OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple tuple) {
            if (tuple.getString(0).equals("bad")) {
                collector.fail(tuple);
                return;
            }
            collector.emit(tuple, new Values(tuple.getString(0) + "?", tuple.getString(1)));
            collector.ack(tuple);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("result", "return-info"));
        }
    }

    private static JobClient start(String name, StormTopology topology) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StormOnFlink.flinkConfiguration(200, 0, 0));
        StormOnFlink.build(env, name, new Config(), topology, StormOnFlinkOptions.defaults());
        return env.executeAsync(name);
    }

    /** Trident's Split, as storm-starter's TridentWordCount has it. */
    public static class Split extends org.apache.storm.trident.operation.BaseFunction {
        @Override
        public void execute(
                org.apache.storm.trident.tuple.TridentTuple tuple,
                org.apache.storm.trident.operation.TridentCollector collector) {
            for (String w : tuple.getString(0).split(" ")) if (!w.isEmpty()) collector.emit(new Values(w));
        }
    }

    @Test
    void aTridentDrpcStreamAnswersAsOnStorm() throws Exception {
        // newDRPCStream compiles to a RichSpoutBatchTriggerer around the DRPCSpout, and the answer leaves through
        // ReturnResultsReducer inside a Trident bolt, which answers a LocalDRPC only in local mode.
        try (LocalDRPC drpc = new LocalDRPC()) {
            org.apache.storm.trident.TridentTopology trident = new org.apache.storm.trident.TridentTopology();
            trident.newDRPCStream("words", drpc)
                    .each(new Fields("args"), new Split(), new Fields("word"))
                    .groupBy(new Fields("word"))
                    .aggregate(new org.apache.storm.trident.operation.builtin.Count(), new Fields("count"))
                    .aggregate(new org.apache.storm.trident.operation.builtin.Count(), new Fields("distinct"));
            StormTopology topology = trident.build();
            Map.Entry<String, String> spout =
                    Drpc.spouts(topology).entrySet().iterator().next();
            assertEquals("words", spout.getValue());
            assertTrue(spout.getKey().startsWith("spout-words"), spout.getKey());
            JobClient job = start("trident-drpc", topology);
            try {
                assertEquals("[[4]]", drpc.execute("words", "a b a c d"));
                assertEquals("[[1]]", drpc.execute("words", "x x"));
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aTridentDrpcStreamWithoutAServerIsRefusedUnlessTridentSpoutsFeedTheJob() {
        org.apache.storm.trident.TridentTopology drpcOnly = new org.apache.storm.trident.TridentTopology();
        drpcOnly.newDRPCStream("words").each(new Fields("args"), new Split(), new Fields("word"));
        StormTopology refused = drpcOnly.build();
        UnsupportedTopologyException e =
                assertThrows(UnsupportedTopologyException.class, () -> Drpc.rewire(refused, new Config(), null, null));
        assertTrue(e.getMessage().contains("function \"words\""), e.getMessage());
        // TridentWordCount's shape: its spout is the job's input, the DRPC stream beside it just gets no requests.
        org.apache.storm.trident.TridentTopology withSpout = new org.apache.storm.trident.TridentTopology();
        withSpout
                .newStream(
                        "spout1",
                        new org.apache.storm.trident.testing.FixedBatchSpout(
                                new Fields("sentence"), 1, new Values("a b")))
                .each(new Fields("sentence"), new Split(), new Fields("word"));
        withSpout.newDRPCStream("words").each(new Fields("args"), new Split(), new Fields("word"));
        StormTopology kept = withSpout.build();
        assertEquals(false, Drpc.rewire(kept, new Config(), null, null).get(Drpc.LOCAL));
    }

    @Test
    void aLinearDrpcTopologyAnswersAsOnStorm() throws Exception {
        try (LocalDRPC drpc = new LocalDRPC()) {
            LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("exclamation");
            builder.addBolt(new Exclaim(), 3);
            JobClient job = start("drpc-exclamation", builder.createLocalTopology(drpc));
            try {
                assertEquals("hello!", drpc.execute("exclamation", "hello"));
                assertEquals("goodbye!", drpc.execute("exclamation", "goodbye"));
                assertEquals("!", drpc.execute("exclamation", ""));
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void coordinatedBatchBoltsFinishEachRequest() throws Exception {
        try (LocalDRPC drpc = new LocalDRPC()) {
            LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("reach");
            builder.addBolt(new Authors(), 2);
            builder.addBolt(new Readers(), 3).shuffleGrouping();
            builder.addBolt(new DistinctReaders(), 3).fieldsGrouping(new Fields("id", "reader"));
            builder.addBolt(new Sum(), 2).fieldsGrouping(new Fields("id"));
            JobClient job = start("drpc-reach", builder.createLocalTopology(drpc));
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                // flink: r1 r2 r3 r4 r5 r6 r7; storm: r2 r4 r8; none: nobody.
                assertEquals("7", drpc.execute("reach", "flink"));
                assertEquals("3", drpc.execute("reach", "storm"));
                assertEquals("0", drpc.execute("reach", "none"));
                // Requests in flight together are finished apart (CoordinatedBolt tracks each request id).
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    String topic = List.of("flink", "storm", "none").get(i % 3);
                    answers.add(pool.submit(() -> drpc.execute("reach", topic)));
                }
                for (int i = 0; i < 9; i++)
                    assertEquals(
                            List.of("7", "3", "0").get(i % 3), answers.get(i).get());
            } finally {
                pool.shutdownNow();
                job.cancel().get();
            }
        }
    }

    @Test
    void aHandBuiltDrpcSpoutAndReturnResultsTopology() throws Exception {
        try (LocalDRPC drpc = new LocalDRPC()) {
            TopologyBuilder builder = new TopologyBuilder();
            builder.setSpout("requests", new DRPCSpout("upper", drpc), 2);
            builder.setBolt("upper", new Upper(), 2).shuffleGrouping("requests");
            builder.setBolt("return", new ReturnResults(), 2).shuffleGrouping("upper");
            JobClient job = start("drpc-upper", builder.createTopology());
            try {
                for (String w : List.of("storm", "flink", "drpc"))
                    assertEquals(w.toUpperCase(), drpc.execute("upper", w));
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void drpcServersFromTheFlinkConfigurationMakeTheSpoutsRemote() throws Exception {
        try (LocalDRPC drpc = new LocalDRPC()) {
            LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("exclamation");
            builder.addBolt(new Exclaim());
            org.apache.flink.configuration.Configuration flink = new org.apache.flink.configuration.Configuration();
            flink.setString("storm2flink.drpc.servers", "drpc-1.example, drpc-2.example:4773");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            // Built for a LocalDRPC (createLocalTopology), as a main's local branch does: rebuilt as a remote spout.
            StormJob job = StormOnFlink.build(
                    env,
                    "drpc-remote",
                    new Config(),
                    builder.createLocalTopology(drpc),
                    StormOnFlinkOptions.defaults());
            DRPCSpout spout = (DRPCSpout) job.plan().instantiate("spout");
            assertEquals(null, Drpc.localId(spout));
            assertEquals(
                    List.of("drpc-1.example", "drpc-2.example"),
                    job.plan().topoConf.get(Config.DRPC_SERVERS));
            // host:port gives the invocations port (Storm's drpc.servers are hosts; one port for all).
            assertEquals(4773, job.plan().topoConf.get(Config.DRPC_INVOCATIONS_PORT));
            // ReturnResults answers over Thrift, to the server a request came from.
            assertEquals(false, job.plan().topoConf.get(Drpc.LOCAL));
        }
    }

    /**
     * The deployed path: the spouts fetch requests from a DRPC server over Thrift (DRPCInvocationsClient, Storm's
     * invocations protocol and port) and ReturnResults answers it over Thrift, as on a Storm cluster. The server here is
     * Storm's ThriftServer with the DistributedRPCInvocations processor, over the compat LocalDRPC's request queues
     * (storm-webapp's DRPCServer, which wires storm-server's DRPC the same way, is not on the Maven mirror here).
     */
    @Test
    void remoteSpoutsAnswerADrpcServerOverThrift() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> serverConf = new java.util.HashMap<>(org.apache.storm.utils.Utils.readDefaultConfig());
        serverConf.put(Config.DRPC_INVOCATIONS_PORT, port);
        try (LocalDRPC drpc = new LocalDRPC()) {
            org.apache.storm.security.auth.ThriftServer server = new org.apache.storm.security.auth.ThriftServer(
                    serverConf,
                    new org.apache.storm.generated.DistributedRPCInvocations.Processor<>(drpc),
                    org.apache.storm.security.auth.ThriftConnectionType.DRPC_INVOCATIONS);
            Thread serving = new Thread(server::serve, "drpc-invocations-server");
            serving.setDaemon(true);
            serving.start();
            try {
                LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("reach");
                builder.addBolt(new Authors(), 2);
                builder.addBolt(new Readers(), 2).shuffleGrouping();
                builder.addBolt(new DistinctReaders(), 2).fieldsGrouping(new Fields("id", "reader"));
                builder.addBolt(new Sum(), 2).fieldsGrouping(new Fields("id"));
                Config conf = new Config();
                conf.put(Config.DRPC_INVOCATIONS_PORT, port);
                org.apache.flink.configuration.Configuration flink = StormOnFlink.flinkConfiguration(200, 0, 0);
                flink.setString("storm2flink.drpc.servers", "localhost");
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
                StormOnFlink.build(
                        env, "drpc-thrift", conf, builder.createRemoteTopology(), StormOnFlinkOptions.defaults());
                JobClient job = env.executeAsync("drpc-thrift");
                try {
                    assertEquals("7", drpc.execute("reach", "flink"));
                    assertEquals("3", drpc.execute("reach", "storm"));
                    assertEquals("0", drpc.execute("reach", "none"));
                } finally {
                    job.cancel().get();
                }
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void aRequestWhoseTupleABoltFailsIsFailedAtTheServer() throws Exception {
        try (LocalDRPC drpc = new LocalDRPC()) {
            TopologyBuilder builder = new TopologyBuilder();
            builder.setSpout("requests", new DRPCSpout("ask", drpc));
            builder.setBolt("answer", new FailBad(), 2).shuffleGrouping("requests");
            builder.setBolt("return", new ReturnResults()).shuffleGrouping("answer");
            JobClient job = start("drpc-fail", builder.createTopology());
            try {
                assertEquals("good?", drpc.execute("ask", "good"));
                org.apache.storm.generated.DRPCExecutionException e = assertThrows(
                        org.apache.storm.generated.DRPCExecutionException.class, () -> drpc.execute("ask", "bad"));
                assertEquals(org.apache.storm.generated.DRPCExceptionType.FAILED_REQUEST, e.get_type());
                assertEquals("fine?", drpc.execute("ask", "fine"));
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aDrpcTopologyWithoutAServerIsRefusedAtBuild() {
        LinearDRPCTopologyBuilder builder = new LinearDRPCTopologyBuilder("exclamation");
        builder.addBolt(new Exclaim());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        UnsupportedTopologyException e = assertThrows(
                UnsupportedTopologyException.class,
                () -> StormOnFlink.build(
                        env,
                        "drpc-remote",
                        new Config(),
                        builder.createRemoteTopology(),
                        StormOnFlinkOptions.defaults()));
        assertTrue(
                e.getMessage().contains("DRPC spout 'spout'") && e.getMessage().contains("drpc.servers"),
                e.getMessage());
    }
}
