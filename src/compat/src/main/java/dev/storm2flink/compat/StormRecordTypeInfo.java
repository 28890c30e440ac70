package dev.storm2flink.compat;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type of every edge of a translated topology; {@code TypeInformation.of(StormRecord.class)} returns it too (via
 * {@code @TypeInfo}), without names. One topology's streams all share one type: union needs equal types, and a
 * producer's serializer must use the consumer's names.
 */
public final class StormRecordTypeInfo extends TypeInformation<StormRecord> {
    private static final long serialVersionUID = 1L;
    /** Component and stream ids, sorted: records carry their index instead of the string. */
    private final String[] names;

    public StormRecordTypeInfo() {
        this.names = new String[0];
    }

    StormRecordTypeInfo(String[] names) {
        this.names = names.clone();
    }

    /** The record type of one topology: its component and stream ids (system ones included). */
    static StormRecordTypeInfo forPlan(TopologyPlan plan) {
        TreeSet<String> names = new TreeSet<>(plan.components.keySet());
        for (Map.Entry<String, ? extends Map<String, ?>> e : plan.streamFields.entrySet()) {
            names.add(e.getKey());
            names.addAll(e.getValue().keySet());
        }
        return new StormRecordTypeInfo(names.toArray(new String[0]));
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<StormRecord> getTypeClass() {
        return StormRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<StormRecord> createSerializer(SerializerConfig config) {
        return new StormRecordSerializer(config, names);
    }

    /** Abstract on Flink 1.20 (removed in 2.x, where this is just an unused method). */
    @Deprecated
    public TypeSerializer<StormRecord> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "StormRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StormRecordTypeInfo && Arrays.equals(names, ((StormRecordTypeInfo) o).names);
    }

    @Override
    public int hashCode() {
        return StormRecordTypeInfo.class.hashCode() * 31 + Arrays.hashCode(names);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof StormRecordTypeInfo;
    }

    public static final class Factory extends TypeInfoFactory<StormRecord> {
        @Override
        public TypeInformation<StormRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new StormRecordTypeInfo();
        }
    }
}
