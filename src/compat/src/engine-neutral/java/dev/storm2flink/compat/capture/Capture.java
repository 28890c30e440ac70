package dev.storm2flink.compat.capture;

import dev.storm2flink.compat.capture.Submissions.Submission;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.DRPCClient;
import org.apache.storm.utils.NimbusClient;

/**
 * Gets the topology out of whatever the user's code does, the way Storm's local mode takes over a main: the code
 * runs as written while every StormSubmitter call goes to a Nimbus that keeps the submission
 * ({@code NimbusClient.LocalOverride}), and a LocalCluster is a stand-in that does the same. A builder method (static
 * or not, with Config, Map, String or String[] parameters) is called and its StormTopology or TopologyBuilder kept.
 *
 * <p>A main that goes on after submitting (a sleep, a metrics loop, a LocalCluster it waits on) is abandoned once its
 * submissions have settled: its thread is interrupted and left to end. System.exit from it, or from threads it
 * started, throws instead of ending the JVM ({@link ExitGuard}).
 */
public final class Capture {
    /** No further submission for this long after the last one: the main is done submitting. */
    static final long SETTLE_MS = Long.getLong("storm2flink.capture.settleMs", 1500);
    /**
     * The same, once a DRPC topology was submitted: its main makes the requests verify replays, often after a sleep
     * that lets the topology start (storm-starter's TridentReach sleeps 2 s). A main that goes on making requests
     * (a loop with sleeps) is abandoned then too, with the requests made so far.
     */
    static final long DRPC_SETTLE_MS = Long.getLong("storm2flink.capture.drpcSettleMs", 5000);

    private Capture() {}

    /** The class loader of the last captured code: threads it left running carry it as their context loader. */
    private static volatile ClassLoader lastLoader;

    /**
     * Threads of the last captured code still alive (its own thread, or threads it started, which inherit its context
     * loader), such as a main that goes on after the interrupt or a server it started. A long-lived JVM that served
     * the capture should not serve another run beside them.
     */
    public static List<Thread> lingering() {
        ClassLoader loader = lastLoader;
        List<Thread> out = new ArrayList<>();
        if (loader == null) return out;
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.isAlive() && t != Thread.currentThread() && t.getContextClassLoader() == loader) out.add(t);
        // Nothing of it runs: later runs need not look again, and the loader can go.
        if (out.isEmpty()) lastLoader = null;
        return out;
    }

    /** The code did not build or submit a topology; the message says why (a user-facing reason, no stack trace needed). */
    public static final class CaptureException extends Exception {
        public CaptureException(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * Whether any JVM would have ended the same way: the code ran out its time, returned or exited without a
         * topology, or submitted none of the name asked for; not an exception it threw (which may depend on how its
         * classes were loaded).
         */
        public boolean anyJvmAlike() {
            return getCause() == null || getCause() instanceof ExitGuard.ExitCalled;
        }
    }

    /**
     * Runs {@code method} of {@code cls} ("main" for the main method, "<init>" for what a constructor wires, which
     * goes through main when the class has one) and returns every topology it built or submitted, in order. A
     * topology returned by a builder method has a null name. {@code conf} fills Config and Map parameters.
     */
    public static synchronized List<Submission> run(
            Class<?> cls, String method, String[] args, Map<String, Object> conf, long timeoutMs)
            throws CaptureException, InterruptedException {
        String[] argv = args == null ? new String[0] : args;
        Map<String, Object> config = conf == null ? new HashMap<>() : conf;
        Submissions.drain();
        Submissions.clearDrpc();
        String jarProperty = System.getProperty("storm.jar");
        Properties original = System.getProperties();
        AtomicReference<Object> returned = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        String what = describe(cls, method);
        String unguarded = ExitGuard.install();
        Thread thread;
        CaptureDrpc drpc = new CaptureDrpc();
        Submissions.capturing(true);
        // DRPC as Storm's local mode has it: DRPCSpout(function) and DRPCClient reach a server in this JVM (which
        // records).
        try (NimbusClient.LocalOverride ignored = new NimbusClient.LocalOverride(CaptureNimbus.create());
                DRPCClient.LocalOverride drpcOverride = new DRPCClient.LocalOverride(drpc)) {
            // StormSubmitter uploads the jar `storm jar` names before it submits; an empty file stands in for it,
            // also where the main names one itself that is not here (the jar its build makes, a path on its author's
            // machine: the idiom for submitting from an IDE).
            if (jarProperty == null) System.setProperty("storm.jar", emptyJar());
            System.setProperties(new StormJarGuard(original, System.getProperty("storm.jar")));
            thread = new Thread(
                    () -> {
                        // A main that ends with System.exit (after submitting, or once abandoned) must not end the JVM.
                        ExitGuard.guard(what);
                        try {
                            returned.set(invoke(cls, method, argv, config));
                        } catch (InvocationTargetException e) {
                            failed.set(e.getCause() == null ? e : e.getCause());
                        } catch (Throwable e) {
                            failed.set(e);
                        }
                    },
                    "storm2flink-capture");
            thread.setDaemon(true);
            thread.setContextClassLoader(cls.getClassLoader());
            lastLoader = cls.getClassLoader();
            thread.start();
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (thread.isAlive()) {
                thread.join(50);
                long now = System.nanoTime();
                long settle = Submissions.drpcSubmitted() ? DRPC_SETTLE_MS : SETTLE_MS;
                if (Submissions.count() > 0 && now - Submissions.lastNanos() > settle * 1_000_000L) break;
                if (now > deadline) break;
            }
            // Abandoned, or done: its sleeps end here so it does not run on beside the topology.
            if (thread.isAlive()) thread.interrupt();
        } catch (Exception e) {
            throw new CaptureException("could not set up the submission capture: " + e, e);
        } finally {
            Submissions.capturing(false);
            drpc.close();
            StormJarGuard.restore(original);
            if (jarProperty == null) System.clearProperty("storm.jar");
        }
        List<Submission> out = new ArrayList<>();
        Object r = returned.get();
        if (r != null && !(r instanceof TopologyBuilder) && !(r instanceof StormTopology)) r = heldTopology(r);
        if (r instanceof TopologyBuilder) r = ((TopologyBuilder) r).createTopology();
        if (r instanceof StormTopology) out.add(new Submission(null, new HashMap<>(config), (StormTopology) r));
        out.addAll(Submissions.drain());
        if (!out.isEmpty()) return out;
        Throwable e = failed.get();
        if (e instanceof ExitGuard.ExitCalled exit)
            throw new CaptureException(
                    what + " called System.exit(" + exit.status + ") before it built or submitted a topology", e);
        if (e != null)
            throw new CaptureException(
                    what + " failed before it built or submitted a topology: " + e
                            + (unguarded == null ? "" : " (" + unguarded + ")"),
                    e);
        if (thread.isAlive())
            throw new CaptureException(
                    what + " did not build or submit a topology within " + timeoutMs / 1000 + " s", null);
        throw new CaptureException(
                what + " returned without building or submitting a topology"
                        + (r == null ? "" : " (it returned a " + r.getClass().getName() + ")"),
                null);
    }

    public static String describe(Class<?> cls, String method) {
        if ("<clinit>".equals(method)) return cls.getName() + " (its static initializer)";
        return cls.getName()
                + (method == null || "main".equals(method)
                        ? ".main"
                        : "<init>".equals(method) ? " (its constructor)" : "." + method);
    }

    private static Object invoke(Class<?> cls, String method, String[] args, Map<String, Object> conf)
            throws Exception {
        Method main = mainOf(cls);
        boolean initializer = "<init>".equals(method) || "<clinit>".equals(method);
        if (method == null || "main".equals(method) || (initializer && main != null)) {
            if (main == null)
                throw new NoSuchMethodException(cls.getName() + " has no public static void main(String[])");
            main.setAccessible(true);
            return main.invoke(null, (Object) args);
        }
        if ("<init>".equals(method)) return instantiate(cls, args, conf);
        if ("<clinit>".equals(method)) return staticTopology(cls);
        List<Method> named = new ArrayList<>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) if (m.getName().equals(method) && !m.isBridge()) named.add(m);
        }
        if (named.isEmpty()) throw new NoSuchMethodException(cls.getName() + "." + method);
        // Anything but a static builder without parameters (an instance method such as ConfigurableTopology.run, a
        // builder taking arguments) runs as the class's main runs it, when there is a main: main is what `storm jar`
        // runs, and it knows the object's setup and the builder's arguments.
        Method m = named.stream()
                .min(Comparator.comparingInt(Method::getParameterCount))
                .get();
        if ((!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0) && main != null) {
            main.setAccessible(true);
            return main.invoke(null, (Object) args);
        }
        m.setAccessible(true);
        Object target = Modifier.isStatic(m.getModifiers()) ? null : instantiate(cls, args, conf);
        return m.invoke(target, arguments(m.getParameterTypes(), args, conf));
    }

    /** The builder or topology a static initializer left in a static field of the class (initialized by now). */
    private static Object staticTopology(Class<?> cls) throws IllegalAccessException {
        for (java.lang.reflect.Field f : cls.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())
                    || !(TopologyBuilder.class.isAssignableFrom(f.getType())
                            || StormTopology.class.isAssignableFrom(f.getType()))) continue;
            f.setAccessible(true);
            Object v = f.get(null);
            if (v != null) return v;
        }
        return null;
    }

    /** The builder or topology an object (one a constructor wired) holds in a field of its class or a base class. */
    private static Object heldTopology(Object o) {
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        || !(TopologyBuilder.class.isAssignableFrom(f.getType())
                                || StormTopology.class.isAssignableFrom(f.getType()))) continue;
                try {
                    f.setAccessible(true);
                    Object v = f.get(o);
                    if (v != null) return v;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not readable: look on
                }
            }
        }
        return o;
    }

    private static Method mainOf(Class<?> cls) {
        try {
            Method m = cls.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object instantiate(Class<?> cls, String[] args, Map<String, Object> conf) throws Exception {
        Constructor<?>[] ctors = cls.getDeclaredConstructors();
        Arrays.sort(ctors, Comparator.comparingInt(Constructor::getParameterCount));
        for (Constructor<?> c : ctors) {
            Object[] values = arguments(c.getParameterTypes(), args, conf);
            if (values == null) continue;
            c.setAccessible(true);
            return c.newInstance(values);
        }
        throw new NoSuchMethodException(
                cls.getName()
                        + " has no constructor storm2flink can call (parameters other than Config, Map, String, String[], numbers, booleans)");
    }

    /** Values for parameters of these types: the config, the program arguments, or neutral values; null if a type has none. */
    private static Object[] arguments(Class<?>[] types, String[] args, Map<String, Object> conf) {
        Object[] out = new Object[types.length];
        int strings = 0;
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == String[].class) out[i] = args;
            else if (t == String.class) out[i] = strings < args.length ? args[strings++] : name(conf);
            else if (t == Config.class) {
                Config c = new Config();
                c.putAll(conf);
                out[i] = c;
            } else if (t.isAssignableFrom(HashMap.class)) out[i] = new HashMap<>(conf);
            else if (t == int.class || t == Integer.class) out[i] = 1;
            else if (t == long.class || t == Long.class) out[i] = 1L;
            else if (t == boolean.class || t == Boolean.class) out[i] = false;
            else if (!t.isPrimitive()) out[i] = null;
            else return null;
        }
        return out;
    }

    private static String name(Map<String, Object> conf) {
        Object n = conf.get(Config.TOPOLOGY_NAME);
        return n == null ? "storm2flink" : n.toString();
    }

    /**
     * The JVM's system properties while a capture runs, in which a "storm.jar" that names no file reads as the empty
     * jar. What the code sets or clears besides goes back into the JVM's own properties afterwards.
     */
    static final class StormJarGuard extends Properties {
        private static final long serialVersionUID = 1L;
        private final String emptyJar;

        StormJarGuard(Properties from, String emptyJar) {
            this.emptyJar = emptyJar;
            putAll(from);
        }

        @Override
        public String getProperty(String key) {
            String v = super.getProperty(key);
            return "storm.jar".equals(key) && (v == null || !new File(v).isFile()) ? emptyJar : v;
        }

        /** Puts {@code original} back as the JVM's properties, with what the capture changed (storm.jar aside). */
        static void restore(Properties original) {
            Properties during = System.getProperties();
            if (!(during instanceof StormJarGuard)) return;
            System.setProperties(original);
            for (Object k : new ArrayList<>(original.keySet()))
                if (!"storm.jar".equals(k) && !during.containsKey(k)) original.remove(k);
            for (Map.Entry<Object, Object> e : during.entrySet())
                if (!"storm.jar".equals(e.getKey())) original.put(e.getKey(), e.getValue());
        }
    }

    private static String emptyJar() throws IOException {
        File f = File.createTempFile("storm2flink-capture", ".jar");
        f.deleteOnExit();
        // An empty zip (its end-of-directory record): StormSubmitter's progress bar divides by the jar's size.
        byte[] emptyZip = new byte[22];
        emptyZip[0] = 0x50;
        emptyZip[1] = 0x4b;
        emptyZip[2] = 0x05;
        emptyZip[3] = 0x06;
        java.nio.file.Files.write(f.toPath(), emptyZip);
        return f.getAbsolutePath();
    }

    /** The submission to run: the only one, else the one named {@code name}; a clear error otherwise. */
    public static Submission pick(List<Submission> subs, String name, String what) throws CaptureException {
        if (subs.size() == 1 || (name == null && !subs.isEmpty())) return subs.get(0);
        for (Submission s : subs) if (name != null && name.equals(s.name)) return s;
        List<String> names = new ArrayList<>();
        for (Submission s : subs) names.add(String.valueOf(s.name));
        throw new CaptureException(
                what + " submitted " + subs.size() + " topologies " + names + ", none named \"" + name + "\"", null);
    }
}
