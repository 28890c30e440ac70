package dev.storm2flink.verify.build;

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
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Moves Storm 0.x bytecode onto the Storm 1.0+ packages, as Storm 1.x clusters did for old topology jars
 * (client.jartransformer.class): every reference to a class under a renamed package is rewritten, in class
 * files (names, descriptors, signatures, annotations, constants) and in resource paths.
 *
 * <p>Renamed packages (Storm 1.0's own rename): {@code backtype.storm} → {@code org.apache.storm},
 * {@code storm.trident} → {@code org.apache.storm.trident}, {@code org.apache.thrift7} →
 * {@code org.apache.storm.thrift} (Storm's shaded Thrift), and storm-kafka's {@code storm.kafka} →
 * {@code org.apache.storm.kafka}; classes Storm 2.0 moved ({@link #MOVED_CLASSES}).
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
 * <p>Usage: {@code Relocate [--onto-storm-kafka-1] <in> <out> [<in> <out>...]} where each in is a classes folder or a jar and its out the
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
        // storm-kafka before 1.0 (its own rename, which the jar transformer left to the user): the job runs
        // storm-kafka 1.x, whose spouts the compat runtime replaces by a Flink KafkaSource.
        {"storm/kafka/", "org/apache/storm/kafka/"},
    };

    /**
     * Classes Storm 2.0 moved without a change of API, by exact internal name (a nested class of the same name stays
     * as it is): storm-kafka-client 1.x code compiled against 1.x runs on the 2.x client the job carries.
     */
    static final java.util.Map<String, String> MOVED_CLASSES = java.util.Map.of(
            "org/apache/storm/kafka/spout/KafkaSpoutConfig$FirstPollOffsetStrategy",
            "org/apache/storm/kafka/spout/FirstPollOffsetStrategy");

    private Relocate() {}

    /** An internal name, descriptor element or resource path under a renamed package, moved; null when none applies. */
    static String relocatePath(String path) {
        String moved = MOVED_CLASSES.get(path);
        if (moved != null) return moved;
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
        /**
         * The classes run on storm-kafka 1.x ({@code --onto-storm-kafka-1}: a translated job), not on the relocated
         * storm-kafka 0.x beside them (verify's Storm side): 0.x field names 1.x renamed are renamed too.
         */
        boolean ontoStormKafka1;

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
        reader.accept(
                new Storm0Schemes(
                        new Storm0ShellSpouts(new ClassRemapper(new Storm2Calls(writer, remapper), remapper), remapper),
                        remapper),
                0);
        return writer.toByteArray();
    }

    static final String SHELL_SPOUT_0 = "backtype/storm/spout/ShellSpout";

    /**
     * A Storm 0.x ShellSpout subclass keeps Storm 0.x's activate and deactivate. Since 1.0, ShellSpout sends the script
     * an {@code activate} command and waits for its answer; 0.x's multilang protocol had no such command, so 0.x
     * scripts do not answer it (storm-starter 0.10's randomsentence.js, on either storm.js) and the spout never
     * starts. 0.x's own methods only started and stopped the subprocess heartbeat check: the added ones send nothing
     * and check no heartbeat (verify's run limits stand in for it). A subclass that declares them keeps its own.
     */
    static final class Storm0ShellSpouts extends ClassVisitor {
        private final StormRemapper counter;
        private boolean shellSpout;
        private boolean activate;
        private boolean deactivate;

        Storm0ShellSpouts(ClassVisitor next, StormRemapper counter) {
            super(Opcodes.ASM9, next);
            this.counter = counter;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            shellSpout = SHELL_SPOUT_0.equals(superName);
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            if (descriptor.equals("()V") && name.equals("activate")) activate = true;
            if (descriptor.equals("()V") && name.equals("deactivate")) deactivate = true;
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }

        @Override
        public void visitEnd() {
            if (shellSpout && !activate) empty("activate");
            if (shellSpout && !deactivate) empty("deactivate");
            super.visitEnd();
        }

        private void empty(String name) {
            MethodVisitor m = super.visitMethod(Opcodes.ACC_PUBLIC, name, "()V", null, null);
            m.visitCode();
            m.visitInsn(Opcodes.RETURN);
            m.visitMaxs(0, 1);
            m.visitEnd();
            counter.changed++;
        }
    }

    /**
     * Storm 0.x schemes took the record as a {@code byte[]}; since 1.0 they take a {@code ByteBuffer} (Storm's
     * spouts, the compat runtime's Kafka bridges and verify's replay call that one): {interface, method, 0.x
     * descriptor, 1.0+ descriptor}, by the interface's 0.x name.
     */
    static final String[][] SCHEME_METHODS = {
        {"backtype/storm/spout/Scheme", "deserialize", "([B)Ljava/util/List;", "(Ljava/nio/ByteBuffer;)Ljava/util/List;"
        },
        {
            "backtype/storm/spout/MultiScheme",
            "deserialize",
            "([B)Ljava/lang/Iterable;",
            "(Ljava/nio/ByteBuffer;)Ljava/lang/Iterable;"
        },
        {
            "storm/kafka/KeyValueScheme",
            "deserializeKeyAndValue",
            "([B[B)Ljava/util/List;",
            "(Ljava/nio/ByteBuffer;Ljava/nio/ByteBuffer;)Ljava/util/List;"
        },
    };

    /**
     * A class implementing a Storm 0.x scheme interface (storm-kafka 0.x's StringScheme, a user's own) that has the
     * 0.x method and not the 1.0+ one gets the 1.0+ one, passing the buffer's bytes to its own (what Storm 1.0's
     * schemes do with {@code Utils.toByteArray}).
     */
    static final class Storm0Schemes extends ClassVisitor {
        private final StormRemapper counter;
        private String name;
        private boolean isInterface;
        private final java.util.List<String[]> implemented = new ArrayList<>();
        private final Set<String> declared = new HashSet<>();

        Storm0Schemes(ClassVisitor next, StormRemapper counter) {
            super(Opcodes.ASM9, next);
            this.counter = counter;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.name = name;
            isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            for (String[] m : SCHEME_METHODS)
                if (interfaces != null && java.util.Arrays.asList(interfaces).contains(m[0])) implemented.add(m);
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String method, String descriptor, String signature, String[] exceptions) {
            if ((access & Opcodes.ACC_ABSTRACT) == 0) declared.add(method + descriptor);
            return super.visitMethod(access, method, descriptor, signature, exceptions);
        }

        @Override
        public void visitEnd() {
            if (!isInterface)
                for (String[] m : implemented)
                    if (declared.contains(m[1] + m[2]) && !declared.contains(m[1] + m[3])) bridge(m);
            super.visitEnd();
        }

        private void bridge(String[] m) {
            int buffers = Type.getArgumentTypes(m[3]).length;
            MethodVisitor v = super.visitMethod(Opcodes.ACC_PUBLIC, m[1], m[3], null, null);
            v.visitCode();
            v.visitVarInsn(Opcodes.ALOAD, 0);
            for (int i = 1; i <= buffers; i++) {
                v.visitVarInsn(Opcodes.ALOAD, i);
                v.visitMethodInsn(
                        Opcodes.INVOKESTATIC,
                        "org/apache/storm/utils/Utils",
                        "toByteArray",
                        "(Ljava/nio/ByteBuffer;)[B",
                        false);
            }
            v.visitMethodInsn(Opcodes.INVOKEVIRTUAL, name, m[1], m[2], false);
            v.visitInsn(Opcodes.ARETURN);
            v.visitMaxs(buffers + 1, buffers + 1);
            v.visitEnd();
            counter.changed++;
        }
    }

    static final String LOCAL_CLUSTER = "org/apache/storm/LocalCluster";
    static final String CONFIG = "org/apache/storm/Config";
    static final String UTILS = "org/apache/storm/utils/Utils";
    static final String NIMBUS_CLIENT = "org/apache/storm/utils/NimbusClient";
    static final String NIMBUS = "org/apache/storm/generated/Nimbus";
    /** storm-kafka's config classes (KafkaConfig, SpoutConfig, TridentKafkaConfig), relocated. */
    static final String STORM_KAFKA = "org/apache/storm/kafka/";
    /** In the Storm 1.x classes the build puts on an old project's classpath (storm-runner/src/storm1). */
    static final String NIMBUS_CLIENTS = "dev/storm2flink/storm1/NimbusClients";

    /**
     * Static helpers of Storm 1.x's {@code Utils} that Storm 2 moved, unchanged, to another class: name + descriptor
     * -> the new owner. Bolts read their config with them ({@code Utils.getInt(conf.get(...))}).
     */
    static final java.util.Map<String, String> MOVED_STATICS = java.util.Map.ofEntries(
            java.util.Map.entry("getInt(Ljava/lang/Object;)Ljava/lang/Integer;", "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getInt(Ljava/lang/Object;Ljava/lang/Integer;)Ljava/lang/Integer;",
                    "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getDouble(Ljava/lang/Object;)Ljava/lang/Double;", "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getDouble(Ljava/lang/Object;Ljava/lang/Double;)Ljava/lang/Double;",
                    "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getString(Ljava/lang/Object;)Ljava/lang/String;", "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getString(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;",
                    "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "getStrings(Ljava/lang/Object;)Ljava/util/List;", "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry("getBoolean(Ljava/lang/Object;Z)Z", "org/apache/storm/utils/ObjectReader"),
            java.util.Map.entry(
                    "newInstance(Ljava/lang/Class;)Ljava/lang/Object;", "org/apache/storm/utils/ReflectionUtils"),
            java.util.Map.entry(
                    "newInstance(Ljava/lang/String;)Ljava/lang/Object;", "org/apache/storm/utils/ReflectionUtils"));

    /**
     * Call sites of Storm 1.x API that Storm 2 changed, moved to the 2.x API (code compiled against Storm 0.x or 1.x
     * otherwise stops with a NoSuchMethodError on Storm 2, and on the compat runtime alike):
     * <ul>
     *   <li>{@code LocalCluster.submitTopology} and {@code submitTopologyWithOpts} returned void and return a
     *       LocalTopology since 2.0: the 2.x method is called and its value dropped;
     *   <li>{@code Config.setTopologyStrategy(Class)} became {@code setTopologyStrategy(String)} (1.x stored the
     *       class's name): the name is passed;
     *   <li>{@code Utils}' config readers and {@code newInstance} moved to ObjectReader and ReflectionUtils
     *       ({@link #MOVED_STATICS});
     *   <li>{@code NimbusClient.getClient()} returned a {@code Nimbus.Client} and returns a {@code Nimbus.Iface}
     *       since: {@code dev.storm2flink.storm1.NimbusClients.client} gives a Client over it;
     *   <li>storm-kafka 0.9's {@code KafkaConfig.forceFromStart} is 1.x's {@code ignoreZkOffsets}.
     * </ul>
     * One place for these: the build's pass over the user's classes, and the Storm runner's CaptureLoader for
     * classes it is given as they are ({@code --classpath}).
     */
    public static final class Storm2Calls extends ClassVisitor {
        private final StormRemapper counter;

        Storm2Calls(ClassVisitor next, StormRemapper counter) {
            super(Opcodes.ASM9, next);
            this.counter = counter;
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            return new CallSites(super.visitMethod(access, name, descriptor, signature, exceptions), counter);
        }
    }

    /**
     * Storm2Calls' method pass. A class literal ({@code ldc Foo.class}) is held back one instruction: when
     * {@code setTopologyStrategy(Class)} takes it, its name goes instead, so the class (a Storm scheduler strategy,
     * in storm-server, which a Flink job does not carry) is never loaded, as 1.x stored only the name too.
     */
    private static final class CallSites extends MethodVisitor {
        private final StormRemapper counter;
        private Type pendingClass;

        CallSites(MethodVisitor next, StormRemapper counter) {
            super(Opcodes.ASM9, next);
            this.counter = counter;
        }

        private void flush() {
            if (pendingClass == null) return;
            Type t = pendingClass;
            pendingClass = null;
            super.visitLdcInsn(t);
        }

        @Override
        public void visitLdcInsn(Object value) {
            flush();
            if (value instanceof Type t && t.getSort() == Type.OBJECT) pendingClass = t;
            else super.visitLdcInsn(value);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKEVIRTUAL
                    && owner.equals(CONFIG)
                    && method.equals("setTopologyStrategy")
                    && desc.equals("(Ljava/lang/Class;)V")) {
                if (pendingClass != null) {
                    super.visitLdcInsn(pendingClass.getClassName());
                    pendingClass = null;
                } else {
                    super.visitMethodInsn(
                            Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getName", "()Ljava/lang/String;", false);
                }
                super.visitMethodInsn(opcode, owner, method, "(Ljava/lang/String;)V", false);
                counter.changed++;
                return;
            }
            flush();
            if (opcode == Opcodes.INVOKEVIRTUAL
                    && owner.equals(LOCAL_CLUSTER)
                    && (method.equals("submitTopology") || method.equals("submitTopologyWithOpts"))
                    && desc.endsWith(")V")) {
                super.visitMethodInsn(
                        opcode,
                        owner,
                        method,
                        desc.substring(0, desc.length() - 1) + "L" + LOCAL_CLUSTER + "$LocalTopology;",
                        false);
                super.visitInsn(Opcodes.POP);
                counter.changed++;
                return;
            }
            if (opcode == Opcodes.INVOKEVIRTUAL
                    && owner.equals(NIMBUS_CLIENT)
                    && method.equals("getClient")
                    && desc.equals("()L" + NIMBUS + "$Client;")) {
                super.visitMethodInsn(
                        Opcodes.INVOKESTATIC,
                        NIMBUS_CLIENTS,
                        "client",
                        "(L" + NIMBUS_CLIENT + ";)L" + NIMBUS + "$Client;",
                        false);
                counter.changed++;
                return;
            }
            String moved =
                    opcode == Opcodes.INVOKESTATIC && owner.equals(UTILS) ? MOVED_STATICS.get(method + desc) : null;
            if (moved != null) {
                super.visitMethodInsn(opcode, moved, method, desc, false);
                counter.changed++;
                return;
            }
            super.visitMethodInsn(opcode, owner, method, desc, isInterface);
        }

        // Any other instruction, label, frame or table entry comes after the held literal.
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            flush();
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            flush();
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            flush();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            flush();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            flush();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            flush();
            // storm-kafka 0.10 renamed KafkaConfig's forceFromStart (same meaning) to ignoreZkOffsets.
            if (counter.ontoStormKafka1
                    && owner.startsWith(STORM_KAFKA)
                    && name.equals("forceFromStart")
                    && desc.equals("Z")) {
                super.visitFieldInsn(opcode, owner, "ignoreZkOffsets", desc);
                counter.changed++;
                return;
            }
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, org.objectweb.asm.Handle bsm, Object... args) {
            flush();
            super.visitInvokeDynamicInsn(name, desc, bsm, args);
        }

        @Override
        public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
            flush();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(org.objectweb.asm.Label label) {
            flush();
            super.visitLabel(label);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            flush();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(
                int min, int max, org.objectweb.asm.Label dflt, org.objectweb.asm.Label... labels) {
            flush();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(org.objectweb.asm.Label dflt, int[] keys, org.objectweb.asm.Label[] labels) {
            flush();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            flush();
            super.visitMultiANewArrayInsn(desc, dims);
        }

        @Override
        public org.objectweb.asm.AnnotationVisitor visitInsnAnnotation(
                int typeRef, org.objectweb.asm.TypePath typePath, String desc, boolean visible) {
            flush();
            return super.visitInsnAnnotation(typeRef, typePath, desc, visible);
        }

        @Override
        public void visitTryCatchBlock(
                org.objectweb.asm.Label start,
                org.objectweb.asm.Label end,
                org.objectweb.asm.Label handler,
                String type) {
            flush();
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLocalVariable(
                String name,
                String desc,
                String signature,
                org.objectweb.asm.Label start,
                org.objectweb.asm.Label end,
                int index) {
            flush();
            super.visitLocalVariable(name, desc, signature, start, end, index);
        }

        @Override
        public void visitLineNumber(int line, org.objectweb.asm.Label start) {
            flush();
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            flush();
            super.visitMaxs(maxStack, maxLocals);
        }

        @Override
        public void visitEnd() {
            flush();
            super.visitEnd();
        }
    }

    /**
     * A class's bytes with Storm 1.x call sites moved to Storm 2 (Storm2Calls alone, no package relocation), or null
     * when it has none. For loaders that define user classes as given (CaptureLoader).
     */
    public static byte[] storm2Calls(byte[] bytes) {
        if (!mentions(bytes, STORM_PACKAGE)) return null;
        StormRemapper counter = new StormRemapper();
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Storm2Calls(writer, counter), 0);
        return counter.changed == 0 ? null : writer.toByteArray();
    }

    private static final byte[] STORM_PACKAGE = "org/apache/storm/".getBytes(StandardCharsets.US_ASCII);

    /** Whether a class file's bytes hold a name (its constant pool does, as UTF-8), before parsing it. */
    private static boolean mentions(byte[] bytes, byte[] name) {
        outer:
        for (int i = 0; i + name.length <= bytes.length; i++) {
            for (int j = 0; j < name.length; j++) if (bytes[i + j] != name[j]) continue outer;
            return true;
        }
        return false;
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
    static int[] relocateDir(Path in, Path out, boolean ontoStormKafka1) throws IOException {
        StormRemapper remapper = new StormRemapper();
        remapper.ontoStormKafka1 = ontoStormKafka1;
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
    static int[] relocateJar(Path in, Path out, boolean ontoStormKafka1) throws IOException {
        StormRemapper remapper = new StormRemapper();
        remapper.ontoStormKafka1 = ontoStormKafka1;
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
        boolean kafka1 = args.length >= 1 && args[0].equals("--onto-storm-kafka-1");
        int first = kafka1 ? 1 : 0;
        if (args.length == first || (args.length - first) % 2 != 0) {
            System.err.println(
                    "usage: Relocate [--onto-storm-kafka-1] <classes-dir|jar> <out-dir|out.jar> [<in> <out>...] | --map name...");
            System.exit(2);
        }
        for (int i = first; i < args.length; i += 2) {
            Path in = Paths.get(args[i]);
            Path out = Paths.get(args[i + 1]);
            int[] r = Files.isDirectory(in) ? relocateDir(in, out, kafka1) : relocateJar(in, out, kafka1);
            System.out.println("relocated " + args[i] + " " + r[0] + " " + r[1]);
        }
    }
}
