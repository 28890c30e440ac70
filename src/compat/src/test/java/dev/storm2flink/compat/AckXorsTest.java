package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ack table against a HashMap doing the same XORs: runs of acks to one root (as a bolt acks a sentence's words),
 * two roots interleaved, growth past its first 64 slots, values cancelling to 0 and drains between rounds.
 */
class AckXorsTest {
    @Test
    void drainsWhatAMapOfXorsHolds() {
        AckXors table = new AckXors();
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Map<Long, Long> model = new HashMap<>();
            int acks = rnd.nextInt(1, 2_000);
            int roots = rnd.nextInt(1, 600);
            long root = rnd.nextLong(roots);
            long before = root;
            for (int i = 0; i < acks; i++) {
                // Runs of one root (a sentence's words), a new root, or back to the one before (two trees interleaved).
                int pick = rnd.nextInt(4);
                long previous = root;
                if (pick == 0) root = rnd.nextLong(roots);
                else if (pick == 1) root = before;
                before = previous;
                long v = rnd.nextInt(8) == 0 ? model.getOrDefault(root, 0L) : rnd.nextLong();
                table.xor(root, v);
                if (v != 0) model.merge(root, v, (a, b) -> a ^ b);
            }
            model.values().removeIf(v -> v == 0);
            FailEvents.Acks drained = table.drain();
            Map<Long, Long> got = new HashMap<>();
            if (drained != null) {
                for (int i = 0; i < drained.roots.length; i++) got.put(drained.roots[i], drained.values[i]);
                assertEquals(drained.roots.length, got.size(), "a root drained twice, seed " + seed);
            }
            assertEquals(model, got, "seed " + seed);
            assertNull(table.drain(), "a drained table is empty");
        }
    }
}
