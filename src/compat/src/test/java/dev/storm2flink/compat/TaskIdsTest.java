package dev.storm2flink.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What emit returns for one target task behaves as the ArrayList Storm returns, changes included. */
class TaskIdsTest {
    @Test
    void oneTaskListIsAnOrdinaryMutableList() {
        TaskIds ids = new TaskIds(7);
        assertEquals(List.of(7), ids);
        assertEquals(new ArrayList<>(List.of(7)).hashCode(), ids.hashCode());
        assertEquals("[7]", ids.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> ids.get(1));

        ids.add(9);
        ids.addAll(List.of(11, 12));
        assertEquals(List.of(7, 9, 11, 12), ids);
        ids.set(0, 8);
        ids.remove(Integer.valueOf(11));
        assertEquals(List.of(8, 9, 12), ids);
        ids.clear();
        assertEquals(List.of(), ids);
    }
}
