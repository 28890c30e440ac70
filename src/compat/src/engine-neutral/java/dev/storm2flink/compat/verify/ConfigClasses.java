package dev.storm2flink.compat.verify;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.validation.ConfigValidation;
import org.apache.storm.validation.Validated;

/** The config classes Storm validates a topology config against, per job in a long-lived JVM. */
public final class ConfigClasses {
    private ConfigClasses() {}

    /**
     * Storm validates a config against the classes that {@code META-INF/services/…Validated} lists (storm-hdfs's
     * {@code Configs}, …), found through the context loader but loaded through Storm's own and then kept JVM-wide
     * ({@code ConfigValidation.getConfigClasses}): in a JVM that runs one job after another, each in a loader of its
     * own (VerifyServer, the Storm runner's RunServer), a job's storm-hdfs would not load, or an earlier job's list
     * would stay. Each job gets the list its own JVM would compute, loaded through its loader.
     */
    public static void of(ClassLoader loader) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        names.add(Config.class.getName());
        for (URL u : Collections.list(loader.getResources("META-INF/services/" + Validated.class.getName()))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(u.openStream(), StandardCharsets.UTF_8))) {
                r.lines()
                        .map(l -> l.replaceAll("#.*$", "").trim())
                        .filter(l -> !l.isEmpty())
                        .forEach(names::add);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) classes.add(Class.forName(n, false, loader));
        Field f = ConfigValidation.class.getDeclaredField("configClasses");
        f.setAccessible(true);
        synchronized (ConfigValidation.class) {
            f.set(null, classes);
        }
    }
}
