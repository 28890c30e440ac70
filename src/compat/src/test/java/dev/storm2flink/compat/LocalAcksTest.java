package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which acks a bolt hands straight to a reader in its JVM, and which go on through the JobManager. */
class LocalAcksTest {
    private final AtomicInteger woken = new AtomicInteger();

    private LocalAcks.Inbox inbox() {
        return new LocalAcks.Inbox(woken::incrementAndGet);
    }

    @Test
    void eachRootGoesToTheReaderOfItsSpoutTaskAndTheRestToTheJobManager() {
        String job = "local-acks-split";
        LocalAcks.Inbox a = inbox();
        LocalAcks.Inbox b = inbox();
        LocalAcks.register(job, 3, a);
        LocalAcks.register(job, 5, b);
        try {
            long[] roots = {Roots.of(3, 10), Roots.of(7, 11), Roots.of(5, 12), Roots.of(3, 13), Roots.of(7, 14)};
            long[] values = {1, 2, 3, 4, 5};
            FailEvents.Acks rest = LocalAcks.deliver(job, new FailEvents.Acks(roots, values));
            assertArrayEquals(new long[] {Roots.of(7, 11), Roots.of(7, 14)}, rest.roots, "task 7 runs elsewhere");
            assertArrayEquals(new long[] {2, 5}, rest.values);
            FailEvents.Acks toA = a.queue.poll();
            assertArrayEquals(new long[] {Roots.of(3, 10), Roots.of(3, 13)}, toA.roots);
            assertArrayEquals(new long[] {1, 4}, toA.values);
            FailEvents.Acks toB = b.queue.poll();
            assertArrayEquals(new long[] {Roots.of(5, 12)}, toB.roots);
            assertArrayEquals(new long[] {3}, toB.values);
            assertNull(a.queue.poll());
            assertEquals(2, woken.get(), "each reader woken once");
        } finally {
            LocalAcks.unregister(job, 3, a);
            LocalAcks.unregister(job, 5, b);
        }
    }

    @Test
    void acksOfOneReaderGoAsTheyAreAndNoneWhenItIsGone() {
        String job = "local-acks-one";
        LocalAcks.Inbox a = inbox();
        LocalAcks.register(job, 3, a);
        LocalAcks.register(job, 4, a);
        FailEvents.Acks acks = new FailEvents.Acks(new long[] {Roots.of(3, 1), Roots.of(4, 2)}, new long[] {9, 8});
        assertNull(LocalAcks.deliver(job, acks));
        assertSame(acks, a.queue.poll());
        // A restarted reader registered before the old one closed: the old one's unregister leaves it in place.
        LocalAcks.Inbox next = inbox();
        LocalAcks.register(job, 3, next);
        LocalAcks.unregister(job, 3, a);
        LocalAcks.unregister(job, 4, a);
        FailEvents.Acks one = new FailEvents.Acks(new long[] {Roots.of(3, 5)}, new long[] {7});
        assertNull(LocalAcks.deliver(job, one));
        assertSame(one, next.queue.poll());
        LocalAcks.unregister(job, 3, next);
        // No reader of the job here: everything through the JobManager, and other jobs' readers never get it.
        assertSame(one, LocalAcks.deliver(job, one));
        LocalAcks.register("another-job", 3, a);
        try {
            assertSame(one, LocalAcks.deliver(job, one));
            assertNull(a.queue.poll());
        } finally {
            LocalAcks.unregister("another-job", 3, a);
        }
    }
}
