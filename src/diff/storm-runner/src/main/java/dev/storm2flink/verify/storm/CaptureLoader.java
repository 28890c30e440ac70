package dev.storm2flink.verify.storm;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads the user's classes while verify captures their topology: child-first over the user's classpath, with
 * {@code org.apache.storm.LocalCluster} (and its inner classes) taken from the compat runtime's stand-in, so a main
 * that starts a LocalCluster and submits to it hands its topology over instead. Storm's own classes and ours come
 * from the parent, so what is captured (a StormTopology with serialized components) runs on the real LocalCluster.
 *
 * <p>Code compiled against Storm 1.x calls {@code submitTopology} and {@code submitTopologyWithOpts} returning void
 * (2.x returns a LocalTopology): the stand-in gets void bridges for those call sites.
 */
final class CaptureLoader extends URLClassLoader {
    static final String STAND_IN = "org.apache.storm.LocalCluster";
    private final Path standIns;

    CaptureLoader(URL[] userClasspath, Path standIns, ClassLoader parent) {
        super(userClasspath, parent);
        this.standIns = standIns;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && (name.equals(STAND_IN) || name.startsWith(STAND_IN + "$"))) c = defineStandIn(name);
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

    private static boolean parentFirst(String name) {
        // Ours (the capture's Submissions above all: the stand-in records into the runner's copy); not a user's
        // package that happens to start the same way (the samples' dev.storm2flink.samples).
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("dev.storm2flink.compat.") || name.startsWith("dev.storm2flink.verify.");
    }

    private Class<?> defineStandIn(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(standIns.resolve(name.replace('.', '/') + ".class"));
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (storm2flink stand-in)", e);
        }
        if (name.equals(STAND_IN)) bytes = withVoidBridges(bytes);
        return defineClass(name, bytes, 0, bytes.length);
    }

    private static final String CLUSTER = "org/apache/storm/LocalCluster";
    private static final String SUBMIT = "(Ljava/lang/String;Ljava/util/Map;Lorg/apache/storm/generated/StormTopology;";
    private static final String OPTS = "Lorg/apache/storm/generated/SubmitOptions;";
    private static final String RETURNS = ")L" + CLUSTER + "$LocalTopology;";

    static byte[] withVoidBridges(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                bridge(writer, "submitTopology", SUBMIT, 4);
                bridge(writer, "submitTopologyWithOpts", SUBMIT + OPTS, 5);
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    /** {@code public void name(args) { this.name(args); }} calling the LocalTopology-returning method. */
    private static void bridge(ClassWriter writer, String name, String params, int slots) {
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC, name, params + ")V", null, null);
        m.visitCode();
        for (int i = 0; i < slots; i++) m.visitVarInsn(Opcodes.ALOAD, i);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLUSTER, name, params + RETURNS, false);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }
}
