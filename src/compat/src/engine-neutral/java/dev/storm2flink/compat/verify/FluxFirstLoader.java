package dev.storm2flink.compat.verify;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A run's class loader in verify's long-lived engine JVMs: the job's and the user's classes, parent first (the
 * engine's Storm, Flink and tap win, as on a one-shot class path), except flux-core and the Storm runner's
 * FluxLoader, loaded again per run: Flux looks user classes up with Class.forName and its YAML as a resource, both
 * through its own defining loader.
 */
public final class FluxFirstLoader extends URLClassLoader {
    public FluxFirstLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("org.apache.storm.flux.") && !name.equals("dev.storm2flink.verify.storm.FluxLoader"))
            return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }
}
