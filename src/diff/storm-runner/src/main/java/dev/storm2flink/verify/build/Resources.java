package dev.storm2flink.verify.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One jar of every {@code resources/} file on a classpath, the first entry winning for a name, as in a topology jar
 * the shade plugin builds: Storm's local mode extracts the resources/ of the first classpath jar that has one, and a
 * multilang script needs its language's library beside it (storm.py from multilang-python, storm.js…).
 *
 * <p>Usage: {@code Resources <out.jar> <classes-dir|jar>...}; prints {@code resources <n>} (0: nothing written).
 */
public final class Resources {
    private Resources() {}

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args[0]);
        Set<String> written = new HashSet<>();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream f = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(f)) {
            for (int i = 1; i < args.length; i++) {
                Path in = Paths.get(args[i]);
                if (Files.isDirectory(in.resolve("resources"))) {
                    List<Path> files;
                    try (Stream<Path> walk = Files.walk(in.resolve("resources"))) {
                        files = walk.filter(Files::isRegularFile).sorted().toList();
                    }
                    for (Path p : files) {
                        String name = in.relativize(p).toString().replace('\\', '/');
                        if (!written.add(name)) continue;
                        zip.putNextEntry(new ZipEntry(name));
                        Files.copy(p, zip);
                        zip.closeEntry();
                    }
                } else if (Files.isRegularFile(in) && in.toString().endsWith(".jar")) {
                    try (ZipFile jar = new ZipFile(in.toFile())) {
                        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            ZipEntry entry = e.nextElement();
                            if (entry.isDirectory()
                                    || !entry.getName().startsWith("resources/")
                                    || !written.add(entry.getName())) continue;
                            zip.putNextEntry(new ZipEntry(entry.getName()));
                            try (InputStream s = jar.getInputStream(entry)) {
                                s.transferTo(zip);
                            }
                            zip.closeEntry();
                        }
                    }
                }
            }
            // A jar with no entry is not valid: mark an empty result instead.
            if (written.isEmpty()) zip.putNextEntry(new ZipEntry("META-INF/"));
        }
        System.out.println("resources " + written.size());
    }
}
