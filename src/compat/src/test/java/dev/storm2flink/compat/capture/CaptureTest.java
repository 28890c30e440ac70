package dev.storm2flink.compat.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storm2flink.compat.capture.Submissions.Submission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.testing.TestWordCounter;
import org.apache.storm.testing.TestWordSpout;
import org.apache.storm.topology.ConfigurableTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.junit.jupiter.api.Test;

/** Capture on the shapes real mains have: StormSubmitter, LocalCluster, ConfigurableTopology, builders with parameters. */
class CaptureTest {
    static TopologyBuilder builder(int spouts) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("words", new TestWordSpout(), spouts);
        b.setBolt("count", new TestWordCounter(), 2).fieldsGrouping("words", new Fields("word"));
        return b;
    }

    /** storm-starter style: StormSubmitter with a name argument, a LocalCluster and a sleep without one. */
    public static class StarterStyle {
        static final AtomicBoolean interrupted = new AtomicBoolean();

        public static void main(String[] args) throws Exception {
            Config conf = new Config();
            conf.setDebug(true);
            if (args.length > 0) {
                conf.setNumWorkers(3);
                StormSubmitter.submitTopologyWithProgressBar(
                        args[0], conf, builder(3).createTopology());
            } else {
                conf.setMaxTaskParallelism(3);
                LocalCluster cluster = new LocalCluster();
                cluster.submitTopology("local-name", conf, builder(1).createTopology());
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                cluster.shutdown();
            }
        }
    }

    /** Two submissions from one main. */
    public static class TwoTopologies {
        public static void main(String[] args) throws Exception {
            StormSubmitter.submitTopology("first", new Config(), builder(1).createTopology());
            StormSubmitter.submitTopology("second", new Config(), builder(2).createTopology());
        }
    }

    /** ConfigurableTopology: run() is an instance method that main reaches through start(). */
    public static class Configurable extends ConfigurableTopology {
        public static void main(String[] args) {
            ConfigurableTopology.start(new Configurable(), args);
        }

        @Override
        protected int run(String[] args) {
            conf.put("x.from.run", 7);
            return submit("configurable", conf, builder(2));
        }
    }

    /** storm-perf style: a static builder taking the config. */
    public static class PerfStyle {
        public static org.apache.storm.generated.StormTopology getTopology(Map<String, Object> conf) {
            return builder(((Number) conf.getOrDefault("spouts", 1)).intValue()).createTopology();
        }
    }

    /** A constructor that wires a builder held in a field, no main. */
    public static class Wired {
        private final TopologyBuilder builder;

        public Wired(String name) {
            builder = builder(4);
        }
    }

    /** A builder filled in a static initializer, no main. */
    public static class Static {
        static final TopologyBuilder BUILDER = builder(6);
    }

    public static class Silent {
        public static void main(String[] args) {}
    }

    /** storm-starter's ThroughputVsLatency: submits, then System.exit(0) at its end. */
    public static class ExitsAfterSubmitting {
        public static void main(String[] args) throws Exception {
            StormSubmitter.submitTopology("exits", new Config(), builder(2).createTopology());
            System.exit(0);
        }
    }

    /** Exits from a thread it started, once interrupted (abandoned): after the capture has returned. */
    public static class ExitsOnceAbandoned {
        static final AtomicBoolean exitRefused = new AtomicBoolean();

        public static void main(String[] args) throws Exception {
            Thread waiter = new Thread(() -> {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    // ends below
                }
                try {
                    Runtime.getRuntime().exit(3);
                } catch (SecurityException e) {
                    exitRefused.set(true);
                }
            });
            new LocalCluster()
                    .submitTopology("abandoned", new Config(), builder(1).createTopology());
            waiter.start();
            try {
                waiter.join();
            } catch (InterruptedException e) {
                waiter.interrupt();
            }
        }
    }

    /**
     * Submitting from an IDE: the main names the jar its build makes (here a path that is not there) and sets a property
     * its bolts read later.
     */
    public static class NamesItsJar {
        public static void main(String[] args) throws Exception {
            System.setProperty("storm.jar", "E:\\project\\target\\topology-1.0-jar-with-dependencies.jar");
            System.setProperty("s2f.test.set.by.main", "yes");
            StormSubmitter.submitTopology("named-jar", new Config(), builder(1).createTopology());
        }
    }

    /** A usage check that exits before submitting anything. */
    public static class ExitsWithUsage {
        public static void main(String[] args) {
            if (args.length < 2) {
                System.err.println("usage: ExitsWithUsage <file> <rate>");
                System.exit(1);
            }
        }
    }

    @Test
    void submitterBranchWithArgsAndLocalBranchWithout() throws Exception {
        List<Submission> remote =
                Capture.run(StarterStyle.class, "main", new String[] {"remote-name"}, new HashMap<>(), 30_000);
        assertEquals(1, remote.size());
        assertEquals("remote-name", remote.get(0).name);
        assertEquals(3L, ((Number) remote.get(0).conf.get(Config.TOPOLOGY_WORKERS)).longValue());
        assertEquals(
                3, remote.get(0).topology.get_spouts().get("words").get_common().get_parallelism_hint());

        List<Submission> local = Capture.run(StarterStyle.class, "main", new String[0], new HashMap<>(), 30_000);
        assertEquals(1, local.size());
        assertEquals("local-name", local.get(0).name);
        assertEquals(3, ((Number) local.get(0).conf.get(Config.TOPOLOGY_MAX_TASK_PARALLELISM)).intValue());
        // The main sleeps after submitting: abandoned, its sleep interrupted.
        for (int i = 0; i < 100 && !StarterStyle.interrupted.get(); i++) Thread.sleep(20);
        assertTrue(StarterStyle.interrupted.get());
    }

    @Test
    void aMainThatNamesAJarNotHereIsCapturedAndKeepsItsOtherProperties() throws Exception {
        List<Submission> all = Capture.run(NamesItsJar.class, "main", null, null, 30_000);
        assertEquals("named-jar", all.get(0).name);
        // Its own jar path did not outlive the capture; the other property it set did, as in a JVM of its own.
        assertNull(System.getProperty("storm.jar"));
        assertEquals("yes", System.getProperty("s2f.test.set.by.main"));
        assertFalse(System.getProperties() instanceof Capture.StormJarGuard);
        System.clearProperty("s2f.test.set.by.main");
    }

    @Test
    void everySubmissionOfAMainAndPickByName() throws Exception {
        List<Submission> all = Capture.run(TwoTopologies.class, "main", null, null, 30_000);
        assertEquals(2, all.size());
        assertEquals(
                2,
                Capture.pick(all, "second", "TwoTopologies.main")
                        .topology
                        .get_spouts()
                        .get("words")
                        .get_common()
                        .get_parallelism_hint());
        Capture.CaptureException e =
                assertThrows(Capture.CaptureException.class, () -> Capture.pick(all, "third", "TwoTopologies.main"));
        assertTrue(e.getMessage().contains("[first, second]"), e.getMessage());
    }

    @Test
    void configurableTopologyRunGoesThroughMain() throws Exception {
        List<Submission> all = Capture.run(Configurable.class, "run", new String[0], new HashMap<>(), 30_000);
        assertEquals("configurable", all.get(0).name);
        assertEquals(7L, ((Number) all.get(0).conf.get("x.from.run")).longValue());
    }

    @Test
    void staticBuilderWithConfigAndAConstructorsField() throws Exception {
        Map<String, Object> conf = new HashMap<>();
        conf.put("spouts", 5);
        Submission perf =
                Capture.run(PerfStyle.class, "getTopology", null, conf, 30_000).get(0);
        assertNull(perf.name);
        assertEquals(5, perf.topology.get_spouts().get("words").get_common().get_parallelism_hint());

        Submission wired =
                Capture.run(Wired.class, "<init>", null, null, 30_000).get(0);
        assertEquals(4, wired.topology.get_spouts().get("words").get_common().get_parallelism_hint());

        Submission initialized =
                Capture.run(Static.class, "<clinit>", null, null, 30_000).get(0);
        assertEquals(
                6, initialized.topology.get_spouts().get("words").get_common().get_parallelism_hint());
    }

    @Test
    void systemExitDoesNotEndTheJvm() throws Exception {
        // The JVM running this test would end here if the exits were not intercepted.
        List<Submission> exited = Capture.run(ExitsAfterSubmitting.class, "main", null, null, 30_000);
        assertEquals("exits", exited.get(0).name);

        List<Submission> abandoned = Capture.run(ExitsOnceAbandoned.class, "main", null, null, 30_000);
        assertEquals("abandoned", abandoned.get(0).name);
        for (int i = 0; i < 200 && !ExitsOnceAbandoned.exitRefused.get(); i++) Thread.sleep(20);
        assertTrue(ExitsOnceAbandoned.exitRefused.get());

        Capture.CaptureException e = assertThrows(
                Capture.CaptureException.class, () -> Capture.run(ExitsWithUsage.class, "main", null, null, 30_000));
        assertTrue(
                e.getMessage()
                        .contains("ExitsWithUsage.main called System.exit(1) before it built or submitted a topology"),
                e.getMessage());

        // Any other thread may still exit (asked without exiting): the guard is for the captured code only.
        java.util.concurrent.atomic.AtomicReference<Throwable> refused =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                System.getSecurityManager().checkExit(5);
            } catch (Throwable t) {
                refused.set(t);
            }
        });
        other.start();
        other.join();
        assertNull(refused.get());
    }

    @Test
    void aMainThatSubmitsNothingIsAClearError() {
        Capture.CaptureException e = assertThrows(
                Capture.CaptureException.class, () -> Capture.run(Silent.class, "main", null, null, 30_000));
        assertTrue(e.getMessage().contains("returned without building or submitting a topology"), e.getMessage());
    }
}
