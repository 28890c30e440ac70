package dev.storm2flink.compat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.hooks.BaseTaskHook;
import org.apache.storm.hooks.info.EmitInfo;
import org.apache.storm.shade.org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.storm.shade.org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.trident.spout.IPartitionedTridentSpout;
import org.apache.storm.trident.spout.ITridentSpout;
import org.apache.storm.trident.spout.PartitionedTridentSpoutExecutor;
import org.apache.storm.trident.spout.TridentSpoutExecutor;
import org.apache.storm.trident.topology.ITridentBatchBolt;
import org.apache.storm.trident.topology.MasterBatchCoordinator;
import org.apache.storm.trident.topology.TransactionAttempt;
import org.apache.storm.trident.topology.TridentBoltExecutor;

/**
 * Trident on Flink. A Trident topology compiles to spouts and bolts (TridentTopology.build()) that the runtime runs as
 * any others; two things need a home here:
 *
 * <ul>
 *   <li><b>TransactionalState</b> (the master coordinator's current transaction and attempts, the spout coordinators'
 *   batch metadata, partitioned spouts' offsets): Storm keeps it in ZooKeeper, outside the workers, so a restarted
 *   worker resumes the transaction protocol where it was. It stays outside Flink's state on purpose: Trident's own
 *   protocol (replay a transaction id with the metadata stored for it; states skip or redo a txid they have seen) is
 *   what makes a restore consistent, and it relies on that store never rolling back. The ZooKeeper used, first found:
 *   {@code transactional.zookeeper.servers} (and {@code .port}) in the topology config; {@code
 *   storm2flink.trident.zookeeper: host:port[,host:port]} in the job's Flink configuration (or a JVM system property);
 *   Flink's own {@code high-availability.zookeeper.quorum} (a cluster with ZooKeeper HA has one). Otherwise an
 *   in-process ZooKeeper, one per JVM, as Storm's LocalCluster starts one: it survives task restarts and restores in
 *   that JVM (a MiniCluster, verify, tests), not the loss of the TaskManager; a warning says so.</li>
 *   <li><b>The end of a bounded run</b>: the master coordinator starts batch after batch forever, empty or not. In
 *   bounded mode it is deactivated once enough consecutive batches completed with no tuple emitted on any user stream
 *   (see {@link Quiet}), and finishes when its last batches are committed.</li>
 * </ul>
 */
final class Trident {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Trident.class);

    /** TridentTopology names its master batch coordinator spouts so (TridentTopology.MASTER_COORD_STREAM_ID's prefix). */
    static final String MASTER_PREFIX = "$mastercoord-";

    static final String EMBEDDED = "storm2flink.trident.embedded-zookeeper";
    /** Set in bounded mode: the key of this job's activity counter. */
    static final String ACTIVITY = "storm2flink.trident.activity";

    private Trident() {}

    static boolean uses(StormTopology topology) {
        for (String id : topology.get_spouts().keySet()) if (id.startsWith(MASTER_PREFIX)) return true;
        return false;
    }

    static final String ZOOKEEPER = "storm2flink.trident.zookeeper";
    private static final String FLINK_HA_QUORUM = "high-availability.zookeeper.quorum";

    /**
     * The topology config with {@code transactional.zookeeper.servers} and {@code .port} from the job's Flink
     * configuration, unless the topology sets them itself.
     */
    static Map<String, Object> withZooKeeper(
            Map<String, Object> conf, org.apache.flink.configuration.ReadableConfig flink) {
        if (conf != null && conf.get(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS) != null) return conf;
        String quorum = flink.get(org.apache.flink.configuration.ConfigOptions.key(ZOOKEEPER)
                .stringType()
                .noDefaultValue());
        if (quorum == null || quorum.isBlank()) quorum = System.getProperty(ZOOKEEPER);
        String from = ZOOKEEPER;
        if (quorum == null || quorum.isBlank()) {
            quorum = flink.get(org.apache.flink.configuration.ConfigOptions.key(FLINK_HA_QUORUM)
                    .stringType()
                    .noDefaultValue());
            from = FLINK_HA_QUORUM;
        }
        if (quorum == null || quorum.isBlank()) return conf;
        List<String> servers = new ArrayList<>();
        Integer port = null;
        for (String hostPort : quorum.split(",")) {
            String hp = hostPort.trim();
            if (hp.isEmpty()) continue;
            int colon = hp.lastIndexOf(':');
            servers.add(colon > 0 ? hp.substring(0, colon) : hp);
            // TransactionalState takes one port for all servers (as Storm's config does): the first one given.
            if (colon > 0 && port == null) port = Integer.valueOf(hp.substring(colon + 1));
        }
        Map<String, Object> out = new java.util.HashMap<>(conf == null ? Map.of() : conf);
        out.put(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS, servers);
        out.put(Config.TRANSACTIONAL_ZOOKEEPER_PORT, port == null ? 2181 : port);
        LOG.info("Trident's transactional state goes to ZooKeeper {} (from {})", quorum, from);
        return out;
    }

    /** At build time: where TransactionalState goes, under a root of its own per job (restarts of the job share it). */
    static void prepare(Map<String, Object> topoConf, String name, boolean bounded) {
        String job = name + "-" + UUID.randomUUID();
        if (bounded) topoConf.put(ACTIVITY, job);
        if (topoConf.get(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS) != null) return;
        topoConf.put(EMBEDDED, true);
        topoConf.put(Config.TRANSACTIONAL_ZOOKEEPER_ROOT, "/storm2flink/" + job.replace('/', '_'));
    }

    /** A task's conf: the in-process ZooKeeper's address when TransactionalState lives there. */
    static void taskConf(Map<String, Object> conf) {
        if (!Boolean.TRUE.equals(conf.get(EMBEDDED))) return;
        List<String> servers = new ArrayList<>();
        servers.add("127.0.0.1");
        conf.put(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS, servers);
        conf.put(Config.TRANSACTIONAL_ZOOKEEPER_PORT, EmbeddedZooKeeper.port());
    }

    /**
     * A task's copy of a Trident spout bolt whose spout is storm-kafka-client's KafkaTridentSpoutTransactional gets
     * that spout with its replays checked ({@link TridentKafkaReplays}). Fields found by type: Trident's executors
     * keep them package-private.
     */
    static Object guardReplays(Object component) {
        if (!(component instanceof TridentBoltExecutor)) return component;
        Object executor = field(component, ITridentBatchBolt.class, null);
        if (!(executor instanceof TridentSpoutExecutor)) return component;
        Object partitioned = field(executor, ITridentSpout.class, null);
        if (!(partitioned instanceof PartitionedTridentSpoutExecutor)) return component;
        Object spout = field(partitioned, IPartitionedTridentSpout.class, null);
        if (spout == null || !isA(spout.getClass(), TridentKafkaReplays.SPOUT)) return component;
        field(partitioned, IPartitionedTridentSpout.class, TridentKafkaReplays.guard((IPartitionedTridentSpout<?, ?, ?>)
                spout));
        return component;
    }

    private static boolean isA(Class<?> c, String name) {
        for (; c != null; c = c.getSuperclass()) if (c.getName().equals(name)) return true;
        return false;
    }

    /** The value of o's field of that type; with a replacement, sets it instead. */
    private static Object field(Object o, Class<?> type, Object replacement) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || !type.isAssignableFrom(f.getType()))
                    continue;
                try {
                    f.setAccessible(true);
                    if (replacement == null) return f.get(o);
                    f.set(o, replacement);
                    return replacement;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.warn(
                            "Trident: cannot reach {}.{} ({}): its replays stay unchecked",
                            c.getName(),
                            f.getName(),
                            e.toString());
                    return null;
                }
            }
        }
        return null;
    }

    /** In bounded mode, every task of the job counts its emits on user streams (not Trident's $batch, $coord-…). */
    static void addActivityHook(Map<String, Object> topoConf, TopologyContext ctx) {
        Object job = topoConf.get(ACTIVITY);
        if (job != null) ctx.addTaskHook(new ActivityHook(activity(job.toString())));
    }

    static AtomicLong activity(String job) {
        return ACTIVITIES.computeIfAbsent(job, k -> new AtomicLong());
    }

    /** Bounded runs only, so in one JVM (a MiniCluster): a counter per job, found by its key. */
    private static final ConcurrentHashMap<String, AtomicLong> ACTIVITIES = new ConcurrentHashMap<>();

    static final class ActivityHook extends BaseTaskHook {
        private final AtomicLong activity;

        ActivityHook(AtomicLong activity) {
            this.activity = activity;
        }

        @Override
        public void emit(EmitInfo info) {
            if (!info.stream.startsWith("$") && !info.stream.startsWith("__")) activity.incrementAndGet();
        }
    }

    /**
     * When a bounded run's master coordinator stops starting batches: after {@code 2 × max pending + 2} consecutive
     * successful transactions with no user emit anywhere in the job. A batch is started at the earliest when the
     * transaction {@code max pending} before it succeeded, so the last {@code max pending + 1} of those were begun and
     * completed inside the quiet window: each emitted nothing.
     */
    static final class Quiet {
        private final AtomicLong activity;
        private final int needed;
        /** verify's transaction count (VerifyHooks#tridentTransactions): the run ends when this one succeeded; 0 for none. */
        private final long limit;

        private long seen = -1;
        private int quietSuccesses;
        private boolean reached;
        boolean deactivated;

        Quiet(Map<String, Object> conf, long limit) {
            this.activity = activity(conf.get(ACTIVITY).toString());
            Integer pending = TopologyPlan.toInt(conf.get(Config.TOPOLOGY_MAX_SPOUT_PENDING));
            this.needed = 2 * (pending == null || pending < 1 ? 1 : pending) + 2;
            this.limit = limit;
        }

        static Quiet of(Object spout, Map<String, Object> conf, long limit) {
            return spout instanceof MasterBatchCoordinator && conf.get(ACTIVITY) != null
                    ? new Quiet(conf, limit)
                    : null;
        }

        void emitted(String stream, List<Object> tuple) {
            if (!MasterBatchCoordinator.SUCCESS_STREAM_ID.equals(stream)) return;
            if (limit > 0) {
                Object tx = tuple.isEmpty() ? null : tuple.get(0);
                if (tx instanceof TransactionAttempt && ((TransactionAttempt) tx).getTransactionId() >= limit)
                    reached = true;
                return;
            }
            long now = activity.get();
            if (now != seen) {
                seen = now;
                quietSuccesses = 0;
            } else {
                quietSuccesses++;
            }
        }

        boolean quiet() {
            return limit > 0 ? reached : quietSuccesses >= needed;
        }
    }

    /** One in-process ZooKeeper per JVM, shared by every class loader (its port in a system property). */
    static final class EmbeddedZooKeeper {
        private static final String PORT = "storm2flink.trident.zookeeper.port";

        static int port() {
            synchronized (PORT.intern()) {
                String p = System.getProperty(PORT);
                if (p != null) return Integer.parseInt(p);
                try {
                    File dir =
                            Files.createTempDirectory("storm2flink-trident-zk").toFile();
                    dir.deleteOnExit();
                    // Started from a daemon thread: ZooKeeper's own threads inherit that, so they never keep the JVM
                    // alive once the job's main returns.
                    int[] bound = new int[1];
                    Exception[] failed = new Exception[1];
                    Thread starter = new Thread(
                            () -> {
                                try {
                                    NIOServerCnxnFactory factory = new NIOServerCnxnFactory();
                                    factory.configure(new InetSocketAddress("127.0.0.1", 0), 200);
                                    factory.startup(new ZooKeeperServer(dir, dir, 2000));
                                    bound[0] = factory.getLocalPort();
                                } catch (Exception e) {
                                    failed[0] = e;
                                }
                            },
                            "storm2flink-trident-zookeeper");
                    starter.setDaemon(true);
                    starter.start();
                    starter.join();
                    if (failed[0] != null) throw failed[0];
                    int port = bound[0];
                    System.setProperty(PORT, Integer.toString(port));
                    LOG.warn(
                            "Trident's transactional state (current transactions, batch metadata, spout offsets) is kept in an "
                                    + "in-process ZooKeeper on 127.0.0.1:{} ({}): it survives task restarts in this JVM, not the loss of "
                                    + "this TaskManager. On a cluster, set transactional.zookeeper.servers (and .port) in the topology "
                                    + "config to a ZooKeeper ensemble.",
                            port,
                            dir);
                    return port;
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "cannot start the in-process ZooKeeper for Trident's transactional state", e);
                }
            }
        }
    }
}
