package dev.storm2flink.compat.capture;

import java.security.Permission;

/**
 * Keeps a captured main from ending the JVM: System.exit (or Runtime.halt) called by the capture thread, or by any
 * thread it started, throws instead, which unwinds that code as an exception would; what it submitted before is kept.
 * Flink's own way for user code (FlinkSecurityManager): a security manager installed once for the JVM, which refuses
 * exit only to the threads marked (an inheritable thread-local) and allows everything else, deferring to a manager
 * that was there before. Java 17 allows installing one (with a warning; without it from Java 18 on unless the JVM
 * runs with {@code -Djava.security.manager=allow}, and never from Java 24): when it cannot, exits are not guarded.
 */
final class ExitGuard extends SecurityManager {
    /** What the marked thread runs (for the message), inherited by the threads it starts. */
    private static final InheritableThreadLocal<String> GUARDED = new InheritableThreadLocal<>();

    private static volatile boolean installed;
    private static volatile String unavailable;

    private final SecurityManager previous;

    private ExitGuard(SecurityManager previous) {
        this.previous = previous;
    }

    /** Installs the guard once per JVM; returns null when done, else why it could not be. */
    @SuppressWarnings("removal")
    static synchronized String install() {
        if (installed || unavailable != null) return unavailable;
        try {
            SecurityManager current = System.getSecurityManager();
            if (!(current instanceof ExitGuard)) System.setSecurityManager(new ExitGuard(current));
            installed = true;
        } catch (UnsupportedOperationException | SecurityException e) {
            unavailable = "System.exit is not intercepted in this JVM (" + e.getMessage() + ")";
        }
        return unavailable;
    }

    /** Marks the calling thread (and threads it starts from now on) as running {@code what}. */
    static void guard(String what) {
        GUARDED.set(what);
    }

    /** The exception a guarded exit throws, so a caller can tell it from the code's own failures. */
    static final class ExitCalled extends SecurityException {
        final int status;

        ExitCalled(String what, int status) {
            super(what + " called System.exit(" + status
                    + ") while storm2flink captured its topology; the JVM went on");
            this.status = status;
        }
    }

    @Override
    public void checkExit(int status) {
        String what = GUARDED.get();
        if (what != null) throw new ExitCalled(what, status);
        if (previous != null) previous.checkExit(status);
    }

    @Override
    public void checkPermission(Permission perm) {
        if (previous != null) previous.checkPermission(perm);
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        if (previous != null) previous.checkPermission(perm, context);
    }
}
