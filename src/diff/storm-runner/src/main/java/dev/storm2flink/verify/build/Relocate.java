package dev.storm2flink.verify.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Moves Storm 0.x bytecode onto the Storm 1.0+ packages, as Storm 1.x clusters did for old topology jars
 * (client.jartransformer.class): every reference to a class under a renamed package is rewritten, in class
 * files (names, descriptors, signatures, annotations, constants) and in resource paths.
 *
 * <p>Renamed packages (Storm 1.0's own rename): {@code backtype.storm} → {@code org.apache.storm},
 * {@code storm.trident} → {@code org.apache.storm.trident}, {@code org.apache.thrift7} →
 * {@code org.apache.storm.thrift} (Storm's shaded Thrift).
 *
 * <p>String constants: a constant whose whole value is a class or package name under a renamed package
 * ({@code "backtype.storm.serialization.DefaultKryoFactory"}, {@code "backtype/storm/Foo"},
 * {@code "Lbacktype/storm/Foo;"}) is rewritten too, since such strings are class names handed to
 * reflection (Kryo factories, serializers, scheme classes in a config). A string that merely mentions one
 * inside other text (a log message) is left as written.
 *
 * <p>The same pass moves call sites of Storm API methods whose return type changed in Storm 2 (Storm2Calls), which
 * Storm 1.x code needs too.
 *
 * <p>Usage: {@code Relocate <in> <out> [<in> <out>...]} where each in is a classes folder or a jar and its out the
 * folder or jar to write (created). Prints {@code relocated <in> <classes> <references>} for each: how many class
 * files were written and how many names were changed (0: the input uses no Storm 0.x package). {@code Relocate --map name...} prints each
 * name as mapped (one per line), for tests.
 */
public final class Relocate {
    /** {from, to} in internal (slash) form; the first matching prefix wins. */
    static final String[][] RULES = {
        {"backtype/storm/", "org/apache/storm/"},
        {"storm/trident/", "org/apache/storm/trident/"},
        {"org/apache/thrift7/", "org/apache/storm/thrift/"},
    };

    private Relocate() {}

    /** An internal name, descriptor element or resource path under a renamed package, moved; null when none applies. */
    static String relocatePath(String path) {
        for (String[] r : RULES) {
            if (path.startsWith(r[0])) return r[1] + path.substring(r[0].length());
            if (path.equals(r[0].substring(0, r[0].length() - 1))) return r[1].substring(0, r[1].length() - 1);
        }
        return null;
    }

    /** A whole-value string constant naming a class or package (dotted, slashed, or as a descriptor); null when none applies. */
    static String relocateString(String s) {
        if (s.isEmpty()) return null;
        int dims = 0;
        while (dims < s.length() && s.charAt(dims) == '[') dims++;
        if (s.length() > dims + 2 && s.charAt(dims) == 'L' && s.endsWith(";") && s.indexOf('.') < 0) {
            String inner = relocatePath(s.substring(dims + 1, s.length() - 1));
            return inner == null ? null : s.substring(0, dims + 1) + inner + ";";
        }
        if (dims > 0) return null;
        if (s.indexOf('/') >= 0 && s.indexOf('.') < 0) return isName(s, '/') ? relocatePath(s) : null;
        if (!isName(s, '.')) return null;
        String moved = relocatePath(s.replace('.', '/'));
        return moved == null ? null : moved.replace('/', '.');
    }

    /** A Java name of parts joined by sep (identifiers, $ allowed): no spaces or other text. */
    private static boolean isName(String s, char sep) {
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == sep) {
                if (start) return false;
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    /** Counts what it changed, so the caller can tell a no-op. */
    static final class StormRemapper extends Remapper {
        int changed;

        StormRemapper() {
            super(org.objectweb.asm.Opcodes.ASM9);
        }

        @Override
        public String map(String internalName) {
            String moved = relocatePath(internalName);
            if (moved == null) return internalName;
            changed++;
            return moved;
        }

        @Override
        public Object mapValue(Object value) {
            if (value instanceof String s) {
                String moved = relocateString(s);
                if (moved != null) {
                    changed++;
                    return moved;
                }
                return s;
            }
            return super.mapValue(value);
        }
    }

    /** One class file, relocated (a fresh constant pool, so no old name survives in it) and bridged to Storm 2's API. */
    static byte[] relocateClass(byte[] bytes, StormRemapper remapper) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(new Storm2Calls(writer, remapper), remapper), 0);
        return writer.toByteArray();
    }

    static final String LOCAL_CLUSTER = "org/apache/storm/LocalCluster";

    /**
     * Call sites of Storm API methods whose return type changed in Storm 2.0, moved to the 2.x method (the value it
     * now returns is dropped): {@code LocalCluster.submitTopology} and {@code submitTopologyWithOpts} returned void
     * before and return a LocalTopology since. Code compiled against Storm 0.x or 1.x otherwise stops with a
     * NoSuchMethodError on Storm 2, and on the compat runtime's LocalCluster stand-in alike.
     */
    static final class Storm2Calls extends ClassVisitor {
        private final StormRemapper counter;

        Storm2Calls(ClassVisitor next, StormRemapper counter) {
            super(Opcodes.ASM9, next);
            this.counter = counter;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(LOCAL_CLUSTER) && (method.equals("submitTopology") || method.equals("submitTopologyWithOpts")) && desc.endsWith(")V")) {
                        super.visitMethodInsn(opcode, owner, method, desc.substring(0, desc.length() - 1) + "L" + LOCAL_CLUSTER + "$LocalTopology;", false);
                        super.visitInsn(Opcodes.POP);
                        counter.changed++;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                }
            };
        }
    }

    private static String entryName(String name) {
        if (name.endsWith(".class")) {
            String moved = relocatePath(name.substring(0, name.length() - ".class".length()));
            return moved == null ? name : moved + ".class";
        }
        String moved = relocatePath(name);
        return moved == null ? name : moved;
    }

    /** META-INF/services files name classes one per line: those lines are class names like any other constant. */
    private static byte[] relocateServices(String name, byte[] bytes, StormRemapper remapper) {
        if (!name.startsWith("META-INF/services/")) return bytes;
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            String moved = trimmed.isEmpty() || trimmed.startsWith("#") ? null : relocateString(trimmed);
            if (moved != null) remapper.changed++;
            out.append(moved == null ? line : line.replace(trimmed, moved)).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String servicesName(String name) {
        if (!name.startsWith("META-INF/services/")) return name;
        String service = name.substring("META-INF/services/".length());
        String moved = relocateString(service);
        return moved == null ? name : "META-INF/services/" + moved;
    }

    private static byte[] transform(String name, byte[] bytes, StormRemapper remapper) {
        return name.endsWith(".class") ? relocateClass(bytes, remapper) : relocateServices(name, bytes, remapper);
    }

    /** Relocates a classes folder into another; returns {classes, changes}. */
    static int[] relocateDir(Path in, Path out) throws IOException {
        StormRemapper remapper = new StormRemapper();
        int classes = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(in)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = in.relativize(f).toString().replace('\\', '/');
            String target = servicesName(entryName(name));
            if (!target.equals(name)) remapper.changed++;
            Path to = out.resolve(target);
            Files.createDirectories(to.getParent());
            if (name.endsWith(".class") || name.startsWith("META-INF/services/")) {
                Files.write(to, transform(name, Files.readAllBytes(f), remapper));
                if (name.endsWith(".class")) classes++;
            } else {
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new int[] {classes, remapper.changed};
    }

    /** Relocates a jar into another; returns {classes, changes}. Signature files are dropped (the classes changed). */
    static int[] relocateJar(Path in, Path out) throws IOException {
        StormRemapper remapper = new StormRemapper();
        int classes = 0;
        Set<String> written = new HashSet<>();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (InputStream raw = Files.newInputStream(in);
                ZipInputStream zin = new ZipInputStream(raw);
                OutputStream fout = Files.newOutputStream(out);
                ZipOutputStream zout = new ZipOutputStream(fout)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                String name = e.getName();
                if (e.isDirectory() || name.equals("META-INF/INDEX.LIST") || isSignature(name)) continue;
                byte[] bytes = zin.readAllBytes();
                String target = servicesName(entryName(name));
                if (!target.equals(name)) remapper.changed++;
                if (!written.add(target)) continue;
                if (name.endsWith(".class")) classes++;
                zout.putNextEntry(new ZipEntry(target));
                zout.write(transform(name, bytes, remapper));
                zout.closeEntry();
            }
        }
        return new int[] {classes, remapper.changed};
    }

    private static boolean isSignature(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) return false;
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC");
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 1 && args[0].equals("--map")) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String moved = relocateString(args[i]);
                out.add(moved != null ? moved : entryName(args[i]));
            }
            System.out.println(String.join("\n", out));
            return;
        }
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: Relocate <classes-dir|jar> <out-dir|out.jar> [<in> <out>...] | --map name...");
            System.exit(2);
        }
        for (int i = 0; i < args.length; i += 2) {
            Path in = Paths.get(args[i]);
            Path out = Paths.get(args[i + 1]);
            int[] r = Files.isDirectory(in) ? relocateDir(in, out) : relocateJar(in, out);
            System.out.println("relocated " + args[i] + " " + r[0] + " " + r[1]);
        }
    }
}
