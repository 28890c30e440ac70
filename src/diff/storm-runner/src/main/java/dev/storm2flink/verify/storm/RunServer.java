package dev.storm2flink.verify.storm;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import dev.storm2flink.compat.capture.Capture;
import dev.storm2flink.compat.verify.ConfigClasses;
import dev.storm2flink.compat.verify.DrpcDriver;
import dev.storm2flink.compat.verify.FluxFirstLoader;
import dev.storm2flink.compat.verify.Json;
import dev.storm2flink.compat.verify.LoaderObjectInputStream;
import dev.storm2flink.compat.verify.ReplaySpout;
import dev.storm2flink.compat.verify.Rounds;
import dev.storm2flink.compat.verify.Tap;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.flux.FluxBuilder;
import org.apache.storm.serialization.DefaultKryoFactory;
import org.apache.storm.serialization.SerializableSerializer;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.ServerUtils;
import org.apache.storm.utils.Utils;

/**
 * `StormRunner --serve`: one JVM and one LocalCluster for many verify runs (a batch). Each stdin line is a request
 * {"spec": file, "result": file}; the spec carries the user's classpath, loaded in a class loader of its own per
 * run, so runs see fresh statics as in a JVM of their own. The reply is a stdout line "S2F-DONE <n>" once the
 * result file is written ("S2F-DONE <n> RETIRE" when the JVM halts after it). EOF on stdin halts the JVM.
 *
 * Storm's worker threads inherit the context loader of the thread that built the cluster, and component objects
 * are deserialized through Utils' class loader: both are a Switch that points at the current run's loader.
 */
final class RunServer {
    /** A served run's status when its capture failed as it would in any JVM (the caller does not run it again). */
    static final String CAPTURE_FAILED = "capture-failed";

    /** Ends the "S2F-DONE <n>" line of a run after which this JVM halts (the caller starts a fresh one). */
    static final String RETIRE = "RETIRE";

    /** The current run (Tap.RUN); topologies of earlier runs are killed and no longer counted. */
    static volatile int run;

    static final Switch LOADER = new Switch(RunServer.class.getClassLoader());

    private RunServer() {}

    /** Whether no topology of this name is on the cluster, waiting up to 10 s for a killed one to be removed. */
    private static boolean nameFree(LocalCluster cluster, String name) {
        long until = System.nanoTime() + 10_000_000_000L;
        try {
            while (cluster.getClusterInfo().get_topologies().stream().anyMatch(t -> name.equals(t.get_name()))) {
                if (System.nanoTime() > until) return false;
                Thread.sleep(100);
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static void serve() throws Exception {
        Thread.currentThread().setContextClassLoader(LOADER);
        Utils.setClassLoaderForJavaDeSerialize(LOADER);
        ServerUtils.setInstance(RESOURCES);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // Storm's supervisor sleeps this long after killing a worker before the slot takes the next assignment; a
        // local worker is down when kill() returns, and each run kills the one before it on the slot it reuses.
        LocalCluster cluster = new LocalCluster.Builder()
                .withDaemonConf(Config.SUPERVISOR_WORKER_SHUTDOWN_SLEEP_SECS, 0)
                .build();
        System.out.println("S2F-READY");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Map<?, ?> req = (Map<?, ?>) Json.parse(line);
            String resultFile = String.valueOf(req.get("result"));
            run = Tap.newRun();
            ReplaySpout.newRun();
            Rounds.newRun();
            StormRunner.outputTopics.clear();
            String name = "s2f-verify-" + run;
            long t0 = System.nanoTime();
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec =
                        (Map<String, Object>) Json.parse(Files.readString(Paths.get(String.valueOf(req.get("spec")))));
                // The topology's own name (a bolt may read topology.name), unless the cluster still holds a topology of
                // that name (an earlier run's, being killed): then one of our own.
                Object wanted = spec.get("name");
                if (wanted instanceof String
                        && !((String) wanted).startsWith("s2f-verify")
                        && nameFree(cluster, (String) wanted)) name = (String) wanted;
                spec.put("name", name);
                // Not closed: the killed topology's executors may still load classes while they shut down.
                FluxFirstLoader loader =
                        new FluxFirstLoader(urls(spec.get("classpath")), RunServer.class.getClassLoader());
                LOADER.current = loader;
                RESOURCES.classpath = resourcesClasspath(spec);
                ConfigClasses.of(loader);
                String status = StormRunner.run(spec, loader, cluster);
                Tap.close();
                StormRunner.writeResult(resultFile, status, (System.nanoTime() - t0) / 1_000_000, null);
            } catch (Throwable e) {
                Throwable c = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
                Tap.close();
                // A capture that a JVM of its own would end alike (a main that waits past the capture's time for a
                // database, exits, or submits nothing) is the result; anything else is run again in one.
                if (c instanceof Capture.CaptureException && ((Capture.CaptureException) c).anyJvmAlike())
                    StormRunner.writeResult(
                            resultFile, CAPTURE_FAILED, (System.nanoTime() - t0) / 1_000_000, c.getMessage());
                else StormRunner.writeResult(resultFile, "error", (System.nanoTime() - t0) / 1_000_000, c.toString());
                System.err.println("S2F-STORM-FAILED: " + c);
                c.printStackTrace();
            } finally {
                try {
                    cluster.killTopologyWithOpts(name, LocalCluster.KILL_NOW);
                } catch (Exception ignored) {
                    // Never submitted (a build error, or a run that needs a JVM of its own).
                }
                // A captured main's StormSubmitter went to the capture's Nimbus, whose override ends unset.
                new NimbusClient.LocalOverride(cluster);
                // A main that went on after its capture (a loop that ignores the interrupt, a server it started) would
                // run beside every later run: this JVM retires, and the next run gets a fresh one.
                List<Thread> left = Capture.lingering();
                boolean retire = !left.isEmpty() || !DrpcDriver.done();
                if (!left.isEmpty())
                    System.err.println("storm2flink: the captured code left " + left.size() + " thread(s) running ("
                            + left.get(0).getName() + (left.size() > 1 ? ", …" : "")
                            + "); this Storm runner retires after the run");
                else if (retire)
                    System.err.println(
                            "storm2flink: a DRPC request is still unanswered; this Storm runner retires after the run");
                System.out.println("S2F-DONE " + run + (retire ? " " + RETIRE : ""));
                System.out.flush();
                System.err.flush();
                if (retire) Runtime.getRuntime().halt(0);
            }
        }
        // LocalCluster leaves non-daemon threads behind.
        Runtime.getRuntime().halt(0);
    }

    /**
     * Where a local-mode supervisor looks for the topology's multilang {@code resources/} folder: the first jar on
     * {@link ServerUtils#currentClasspath} that holds one (Storm's own hook for it). A one-shot runner has the run's
     * resources jar first on its JVM class path; here it is the current run's.
     */
    static final class RunResources extends ServerUtils {
        volatile String classpath = "";

        @Override
        public String currentClasspathImpl() {
            return classpath;
        }
    }

    static final RunResources RESOURCES = new RunResources();

    /** The run's resources jars, then its class path (jars without a resources folder are passed over). */
    private static String resourcesClasspath(Map<String, Object> spec) {
        List<String> out = new ArrayList<>();
        for (String key : new String[] {"resourcesJars", "classpath"})
            if (spec.get(key) instanceof List) for (Object p : (List<?>) spec.get(key)) out.add(String.valueOf(p));
        return String.join(File.pathSeparator, out);
    }

    private static URL[] urls(Object classpath) throws MalformedURLException {
        List<URL> out = new ArrayList<>();
        if (classpath instanceof List)
            for (Object p : (List<?>) classpath)
                out.add(new File(String.valueOf(p)).toURI().toURL());
        // flux-core and the runner's FluxLoader load again per run (child first): FluxBuilder finds user classes
        // with Class.forName, that is through its own loader.
        out.add(FluxBuilder.class.getProtectionDomain().getCodeSource().getLocation());
        out.add(FluxLoader.class.getProtectionDomain().getCodeSource().getLocation());
        return out.toArray(new URL[0]);
    }

    /** Delegates to the current run's loader (the runner's own loader between runs). */
    static final class Switch extends ClassLoader {
        volatile ClassLoader current;

        Switch(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            ClassLoader c = current;
            return c != null ? c.loadClass(name) : super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            ClassLoader c = current;
            return c != null ? c.getResource(name) : super.getResource(name);
        }
    }

    /**
     * Storm's Kryo for tuples between workers: user value classes come from the current run's loader, those Kryo reads
     * itself and those it falls back to Java serialization for (a Serializable value of a multi-worker topology:
     * storm-starter's TridentMinMaxOfVehiclesTopology's Vehicle killed the worker, and this JVM, with a
     * ClassNotFoundException).
     */
    public static final class KryoFactory extends DefaultKryoFactory {
        @Override
        public Kryo getKryo(Map<String, Object> conf) {
            RunKryo k = new RunKryo();
            k.setRegistrationRequired(!((Boolean) conf.get(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION)));
            k.setReferences(false);
            k.setClassLoader(LOADER);
            return k;
        }
    }

    /** Storm's Kryo (DefaultKryoFactory's), with its Java-serialization fallback reading through the run's loader. */
    static final class RunKryo extends DefaultKryoFactory.KryoSerializableDefault {
        @Override
        @SuppressWarnings("rawtypes")
        public Serializer getDefaultSerializer(Class type) {
            Serializer s = super.getDefaultSerializer(type);
            return s instanceof SerializableSerializer ? new RunSerializableSerializer() : s;
        }
    }

    /**
     * Storm's SerializableSerializer, same bytes; only its reads resolve classes through the Kryo's loader: a plain
     * ObjectInputStream resolves them through the loader of the Storm classes on the stack, which has no user class.
     */
    static final class RunSerializableSerializer extends SerializableSerializer {
        @Override
        @SuppressWarnings("rawtypes")
        public Object read(Kryo kryo, Input input, Class c) {
            byte[] ser = input.readBytes(input.readInt());
            try (ObjectInputStream in =
                    new LoaderObjectInputStream(new ByteArrayInputStream(ser), kryo.getClassLoader())) {
                return in.readObject();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
    }
}
