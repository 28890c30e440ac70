// Starts a throwaway single-node KRaft broker for `storm2flink verify` and ties its life to the parent's.
//
// Usage: BrokerLauncher <server.properties> <cluster-id> <dir-to-delete>
// Formats the storage, then runs kafka.Kafka in this JVM. A daemon thread reads stdin: when the
// parent closes it or dies (even kill -9), stdin hits EOF, the data dir is deleted and the JVM halts.
// No graceful shutdown on purpose: the data is disposable and a halt takes milliseconds.
// Kafka classes are reached by reflection so this file compiles without the broker classpath.

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

public final class BrokerLauncher {
    public static void main(String[] args) throws Throwable {
        if (args.length != 3) {
            System.err.println("usage: BrokerLauncher <server.properties> <cluster-id> <dir-to-delete>");
            System.exit(64);
        }
        String props = args[0];
        String clusterId = args[1];
        Path dir = Paths.get(args[2]);
        watchStdin(dir);

        Class<?> storage = Class.forName("kafka.tools.StorageTool");
        Method execute = storage.getMethod("execute", String[].class, PrintStream.class);
        try {
            Object rc = execute.invoke(null, new String[] {"format", "-t", clusterId, "-c", props, "--ignore-formatted"}, System.err);
            if (rc instanceof Integer && (Integer) rc != 0) {
                System.err.println("S2F-BROKER-FAILED: storage format exited with " + rc);
                System.exit(3);
            }
        } catch (InvocationTargetException e) {
            System.err.println("S2F-BROKER-FAILED: storage format failed: " + e.getCause());
            System.exit(3);
        }
        System.err.println("S2F-BROKER-FORMATTED");
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) new String[] {props});
    }

    private static void watchStdin(Path dir) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // The parent never writes; anything read is ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, same as EOF.
            }
            // Twice: the broker may still be writing a file while the first pass runs.
            deleteQuietly(dir);
            deleteQuietly(dir);
            Runtime.getRuntime().halt(0);
        }, "s2f-parent-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (!Files.exists(dir)) return;
            Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the parent also deletes it when it is still alive.
        }
    }
}
