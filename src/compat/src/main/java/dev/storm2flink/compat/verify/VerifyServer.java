package dev.storm2flink.compat.verify;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.storm.flux.parser.FluxParser;
import org.apache.storm.utils.Utils;

/**
 * `storm2flink verify` in a batch: one JVM runs translated jobs one after another, each job's main in a class loader
 * of its own (the job's classes and the user's), with the compat runtime, Flink and verify's tap shared from this
 * JVM's class path. Each stdin line is a request {@code {spec, result, mainClass, args, classpath, properties}}; the
 * job runs as with {@code -Dstorm2flink.verify=<spec>} (VerifyMode), and once its main returns the result file is
 * written and a stdout line "S2F-DONE" answers. EOF on stdin halts the JVM. Ticks and injected failures are not
 * served (JVM-wide clocks and fault state): verify runs those in a JVM of their own.
 */
public final class VerifyServer {
    /** Set while a job runs here: VerifyMode then leaves stdin and the result file to this server. */
    static final String SERVED = "storm2flink.verify.served";

    private static volatile URL[] jobUrls = new URL[0];

    private VerifyServer() {}

    public static void main(String[] args) throws Exception {
        ServedEnvironment.install();
        // Storm deserializes components with its own loader unless told: here, the calling thread's context loader
        // (the job's on the client side, Flink's user code loader in task threads), as one JVM per job would.
        Utils.setClassLoaderForJavaDeSerialize(new ClassLoader(VerifyServer.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                return context != null ? context.loadClass(name) : super.loadClass(name, resolve);
            }
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ClassLoader own = VerifyServer.class.getClassLoader();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Map<?, ?> req = (Map<?, ?>) Json.parse(line);
            String resultFile = String.valueOf(req.get("result"));
            Tap.newRun();
            ReplaySpout.newRun();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("storm2flink.bounded", "true");
            props.put(VerifyMode.PROPERTY, String.valueOf(req.get("spec")));
            props.put(SERVED, "true");
            if (req.get("properties") instanceof Map)
                for (Map.Entry<?, ?> e : ((Map<?, ?>) req.get("properties")).entrySet())
                    props.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            props.forEach(System::setProperty);
            List<URL> urls = new ArrayList<>();
            if (req.get("classpath") instanceof List)
                for (Object p : (List<?>) req.get("classpath"))
                    urls.add(new File(String.valueOf(p)).toURI().toURL());
            jobUrls = urls.toArray(new URL[0]);
            // flux-core loads again per job (child first): FluxBuilder finds user classes with Class.forName and
            // FluxParser the job's topology.yaml as its own resource, both through its defining loader.
            urls.add(FluxParser.class.getProtectionDomain().getCodeSource().getLocation());
            // Not closed: Flink may still release the job's resources through it after main returns.
            URLClassLoader loader = new FluxFirstLoader(urls.toArray(new URL[0]), own);
            Thread.currentThread().setContextClassLoader(loader);
            try {
                ConfigClasses.of(loader);
                List<String> mainArgs = new ArrayList<>();
                if (req.get("args") instanceof List)
                    for (Object a : (List<?>) req.get("args")) mainArgs.add(String.valueOf(a));
                Class.forName(String.valueOf(req.get("mainClass")), true, loader)
                        .getMethod("main", String[].class)
                        .invoke(null, (Object) mainArgs.toArray(new String[0]));
                VerifyMode.writeResult(resultFile);
            } catch (Throwable e) {
                Throwable c = e;
                while (c.getCause() != null && c.getCause() != c) c = c.getCause();
                writeError(resultFile, c);
                System.err.println("S2F-FLINK-FAILED: " + c);
                e.printStackTrace();
            } finally {
                Tap.close();
                for (String k : props.keySet()) System.clearProperty(k);
                Thread.currentThread().setContextClassLoader(own);
                System.out.println("S2F-DONE");
                System.out.flush();
                System.err.flush();
            }
        }
        Runtime.getRuntime().halt(0);
    }

    private static void writeError(String file, Throwable cause) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("error", cause.toString());
        Files.writeString(Paths.get(file), Json.write(r) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Jobs get a local environment whose user class loader holds their classes (pipeline.classpaths), parent
     * first: this JVM's compat runtime, Storm and Flink win, as on the one-shot class path, and the tap is shared.
     */
    static final class ServedEnvironment extends StreamExecutionEnvironment {
        static void install() {
            initializeContextEnvironment(conf -> {
                Configuration c = new Configuration(conf);
                List<String> cp = new ArrayList<>();
                for (URL u : jobUrls) cp.add(u.toString());
                c.set(PipelineOptions.CLASSPATHS, cp);
                c.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
                c.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
                // What LocalStreamEnvironment sets (it refuses to be built while a context factory is installed).
                c.set(DeploymentOptions.TARGET, "local");
                c.set(DeploymentOptions.ATTACHED, true);
                return new StreamExecutionEnvironment(c, Thread.currentThread().getContextClassLoader());
            });
        }
    }
}
