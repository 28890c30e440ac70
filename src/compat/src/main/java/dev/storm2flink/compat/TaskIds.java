package dev.storm2flink.compat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.RandomAccess;

/**
 * The task ids of a regular emit to one task. Storm returns a new list the bolt may keep or change; most emits go to
 * one task and most bolts drop the list, so this keeps the id in a field (one small object instead of a list and its
 * array, per emitted tuple) and becomes an ordinary list the first time it is changed.
 */
final class TaskIds extends AbstractList<Integer> implements RandomAccess {
    private final int task;
    private ArrayList<Integer> changed;

    TaskIds(int task) {
        this.task = task;
    }

    @Override
    public Integer get(int i) {
        if (changed != null) return changed.get(i);
        if (i != 0) throw new IndexOutOfBoundsException("Index " + i + " out of bounds for length 1");
        return task;
    }

    @Override
    public int size() {
        return changed != null ? changed.size() : 1;
    }

    @Override
    public Integer set(int i, Integer v) {
        return list().set(i, v);
    }

    @Override
    public void add(int i, Integer v) {
        list().add(i, v);
        modCount++;
    }

    @Override
    public Integer remove(int i) {
        Integer old = list().remove(i);
        modCount++;
        return old;
    }

    private ArrayList<Integer> list() {
        if (changed == null) {
            changed = new ArrayList<>(2);
            changed.add(task);
        }
        return changed;
    }
}
