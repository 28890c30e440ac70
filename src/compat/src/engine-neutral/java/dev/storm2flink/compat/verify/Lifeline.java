package dev.storm2flink.compat.verify;

import java.io.IOException;
import java.io.InputStream;

/** The engine JVMs verify starts read stdin, which verify never writes: EOF (verify died or closed it) halts them. */
public final class Lifeline {
    private Lifeline() {}

    public static void watchStdin(String threadName) {
        Thread t = new Thread(
                () -> {
                    try {
                        InputStream in = System.in;
                        byte[] buf = new byte[256];
                        while (in.read(buf) >= 0) {
                            // Never written to.
                        }
                    } catch (IOException ignored) {
                        // Parent gone.
                    }
                    Runtime.getRuntime().halt(130);
                },
                threadName);
        t.setDaemon(true);
        t.start();
    }
}
