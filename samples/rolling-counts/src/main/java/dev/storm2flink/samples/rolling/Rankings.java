package dev.storm2flink.samples.rolling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Top-N helper: highest count first, ties broken by word, so the ranking is deterministic. */
final class Rankings {
    private Rankings() {
    }

    static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(Map.Entry::getKey));
        return List.copyOf(entries.subList(0, Math.min(n, entries.size())));
    }

    static String format(List<Map.Entry<String, Long>> ranking) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : ranking) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(e.getKey()).append('=').append(e.getValue());
        }
        return out.toString();
    }
}
