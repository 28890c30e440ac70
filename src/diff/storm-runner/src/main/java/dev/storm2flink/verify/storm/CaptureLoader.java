package dev.storm2flink.verify.storm;

import dev.storm2flink.verify.build.Relocate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;

/**
 * Loads the user's classes while verify captures their topology: child-first over the user's classpath, with
 * {@code org.apache.storm.LocalCluster} (and its inner classes) and {@code LocalDRPC} taken from the compat runtime's
 * stand-ins, so a main that starts a LocalCluster and submits to it hands its topology over instead. Storm's own classes and ours come
 * from the parent, so what is captured (a StormTopology with serialized components) runs on the real LocalCluster.
 *
 * <p>Code compiled against Storm 1.x (given as is, with {@code --classpath}; the build has already done this to
 * what it built) calls API that Storm 2 changed, e.g. {@code LocalCluster.submitTopology} returning void: its call
 * sites are moved to the 2.x API as it is defined, by the build's own pass ({@link Relocate#storm2Calls}).
 */
final class CaptureLoader extends URLClassLoader {
    static final String STAND_IN = "org.apache.storm.LocalCluster";
    /** Records the requests a main makes while captured (Storm's would wait for answers from a topology not running yet). */
    static final String DRPC_STAND_IN = "org.apache.storm.LocalDRPC";

    private final Path standIns;

    CaptureLoader(URL[] userClasspath, Path standIns, ClassLoader parent) {
        super(userClasspath, parent);
        this.standIns = standIns;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && (name.equals(STAND_IN) || name.startsWith(STAND_IN + "$") || name.equals(DRPC_STAND_IN)))
                c = defineStandIn(name);
            if (c == null && !parentFirst(name)) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    // not the user's: the parent's
                }
            }
            if (c == null) c = getParent().loadClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    /** The user's class, with its Storm 1.x call sites moved to Storm 2 when it has any. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        URL url = findResource(name.replace('.', '/') + ".class");
        if (url == null) throw new ClassNotFoundException(name);
        byte[] bridged;
        try (InputStream in = url.openStream()) {
            bridged = Relocate.storm2Calls(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            bridged = null; // unreadable here: URLClassLoader reports it as it would
        }
        if (bridged == null) return super.findClass(name);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null)
            definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
        return defineClass(name, bridged, 0, bridged.length, new CodeSource(location(url, name), (Certificate[]) null));
    }

    /** The jar or folder a class file came from, as URLClassLoader gives it as the class's code source. */
    private static URL location(URL classFile, String name) {
        try {
            String s = classFile.toString();
            if (s.startsWith("jar:")) return new URL(s.substring("jar:".length(), s.indexOf("!/")));
            return new URL(s.substring(0, s.length() - (name.replace('.', '/') + ".class").length()));
        } catch (java.net.MalformedURLException | RuntimeException e) {
            return classFile;
        }
    }

    private static boolean parentFirst(String name) {
        // Ours (the capture's Submissions above all: the stand-in records into the runner's copy); not a user's
        // package that happens to start the same way (the samples' dev.storm2flink.samples).
        return name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("dev.storm2flink.compat.")
                || name.startsWith("dev.storm2flink.verify.");
    }

    private Class<?> defineStandIn(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(standIns.resolve(name.replace('.', '/') + ".class"));
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (storm2flink stand-in)", e);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
