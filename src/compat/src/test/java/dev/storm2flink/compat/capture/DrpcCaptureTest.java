package dev.storm2flink.compat.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.LocalDRPC;
import org.apache.storm.StormSubmitter;
import org.apache.storm.drpc.LinearDRPCTopologyBuilder;
import org.apache.storm.topology.BasicOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseBasicBolt;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.DRPCClient;
import org.junit.jupiter.api.Test;

/** A DRPC main's requests are recorded while it is captured, and it is not kept waiting for answers. */
class DrpcCaptureTest {
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

    static LinearDRPCTopologyBuilder builder() {
        LinearDRPCTopologyBuilder b = new LinearDRPCTopologyBuilder("exclamation");
        b.addBolt(new Exclaim(), 3);
        return b;
    }

    /** storm-starter 1.x style: a LocalDRPC, a LocalCluster, then drpc.execute for each word. */
    public static class LocalStyle {
        static volatile List<String> answers;

        public static void main(String[] args) throws Exception {
            LocalDRPC drpc = new LocalDRPC();
            LocalCluster cluster = new LocalCluster();
            cluster.submitTopology("drpc-demo", new Config(), builder().createLocalTopology(drpc));
            answers = List.of(drpc.execute("exclamation", "hello"), drpc.execute("exclamation", "goodbye"));
            drpc.shutdown();
            cluster.shutdown();
        }
    }

    /** storm-starter 2.x style: a remote topology through StormSubmitter, then a configured DRPCClient. */
    public static class RemoteStyle {
        public static void main(String[] args) throws Exception {
            Config conf = new Config();
            StormSubmitter.submitTopology("drpc-remote", conf, builder().createRemoteTopology());
            try (DRPCClient drpc = DRPCClient.getConfiguredClient(conf)) {
                for (String w : args) drpc.execute("exclamation", w);
            }
        }
    }

    /** storm-starter's TridentReach style: a sleep that lets the topology start, then the requests. */
    public static class SleepFirst {
        public static void main(String[] args) throws Exception {
            LocalDRPC drpc = new LocalDRPC();
            LocalCluster cluster = new LocalCluster();
            cluster.submitTopology("drpc-sleep", new Config(), builder().createLocalTopology(drpc));
            Thread.sleep(2000);
            drpc.execute("exclamation", "late");
            cluster.shutdown();
        }
    }

    /** TridentWordCount style: a DRPC stream beside a Trident spout, queried in a loop with sleeps. */
    public static class TridentSpoutsToo {
        public static void main(String[] args) throws Exception {
            LocalDRPC drpc = new LocalDRPC();
            org.apache.storm.trident.TridentTopology t = new org.apache.storm.trident.TridentTopology();
            t.newStream(
                            "spout1",
                            new org.apache.storm.trident.testing.FixedBatchSpout(
                                    new Fields("sentence"), 1, new Values("a b")))
                    .each(new Fields("sentence"), new org.apache.storm.trident.testing.Split(), new Fields("word"));
            t.newDRPCStream("words", drpc)
                    .each(new Fields("args"), new org.apache.storm.trident.testing.Split(), new Fields("word"));
            new LocalCluster().submitTopology("trident-drpc", new Config(), t.build());
            for (int i = 0; i < 100; i++) {
                drpc.execute("words", "a");
                Thread.sleep(1000);
            }
        }
    }

    @Test
    void aDrpcMainThatSleepsBeforeItsRequestsIsWaitedFor() throws Exception {
        List<Submissions.Submission> s = Capture.run(SleepFirst.class, "main", new String[0], new HashMap<>(), 30_000);
        assertEquals(1, s.size());
        assertEquals(List.of("exclamation(late)"), requests());
    }

    @Test
    void aDrpcStreamBesideTridentSpoutsIsNotWaitedFor() throws Exception {
        Capture.run(TridentSpoutsToo.class, "main", new String[0], new HashMap<>(), 30_000);
        // Abandoned 1.5 s after its submission, as any main that goes on (a request a second: at most 2 or 3 made),
        // not after the 5 s a DRPC topology's main gets: verify sends such a stream no requests.
        assertTrue(requests().size() <= 3, requests().toString());
    }

    private static List<String> requests() {
        return Submissions.drpcRequests().stream()
                .map(r -> r.function + "(" + r.args + ")")
                .collect(Collectors.toList());
    }

    @Test
    void aLocalDrpcMainIsCapturedWithItsRequests() throws Exception {
        List<Submissions.Submission> s = Capture.run(LocalStyle.class, "main", new String[0], new HashMap<>(), 30_000);
        assertEquals(1, s.size());
        assertEquals(List.of("exclamation(hello)", "exclamation(goodbye)"), requests());
        // Answered at once while captured (no topology runs yet), so the main went on.
        assertEquals(List.of("", ""), LocalStyle.answers);
    }

    @Test
    void aRemoteDrpcMainGoesToTheCapturesServer() throws Exception {
        List<Submissions.Submission> s =
                Capture.run(RemoteStyle.class, "main", new String[] {"a", "b", "c"}, new HashMap<>(), 30_000);
        assertEquals(1, s.size());
        assertEquals(List.of("exclamation(a)", "exclamation(b)", "exclamation(c)"), requests());
        assertTrue(!DRPCClient.isLocalOverride(), "the DRPC override ends with the capture");
    }
}
