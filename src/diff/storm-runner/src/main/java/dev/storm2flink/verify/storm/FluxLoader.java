package dev.storm2flink.verify.storm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.storm.Config;
import org.apache.storm.flux.FluxBuilder;
import org.apache.storm.flux.model.BoltDef;
import org.apache.storm.flux.model.ExecutionContext;
import org.apache.storm.flux.model.IncludeDef;
import org.apache.storm.flux.model.SpoutDef;
import org.apache.storm.flux.model.TopologyDef;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.TypeDescription;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;

/**
 * FluxParser.parseFile for SnakeYAML 2: flux-core's parser calls a SnakeYAML 1.x constructor that Storm 2.8's
 * SnakeYAML 2 no longer has. Same bean mapping and ${prop}/${ENV-NAME} substitution; includes are merged as Flux merges them.
 */
public final class FluxLoader {
    private static final Pattern PROP = Pattern.compile("\\$\\{([^}]+)}");

    private FluxLoader() {}

    /** The topology and the Flux config: {StormTopology, Config}. */
    public static Object[] build(String file, Properties filter, boolean envFilter) throws Exception {
        TopologyDef def = parseFile(file, filter, envFilter);
        Config conf = FluxBuilder.buildConfig(def);
        return new Object[] {FluxBuilder.buildTopology(new ExecutionContext(def, conf)), conf};
    }

    public static TopologyDef parseFile(String file, Properties filter, boolean envFilter) throws IOException {
        TopologyDef def = parse(Files.readString(Paths.get(file), StandardCharsets.UTF_8), file, filter, envFilter, 0);
        if (!def.validate()) throw new IllegalArgumentException(file + " is not a valid Flux topology");
        return def;
    }

    /** Parses one Flux document and merges its includes as Flux does (includes see the filter, not the environment). */
    private static TopologyDef parse(String text, String origin, Properties filter, boolean envFilter, int depth)
            throws IOException {
        if (depth > 16)
            throw new IllegalArgumentException(origin + ": Flux includes nest deeper than 16 levels (a cycle?)");
        if (filter != null || envFilter) text = substitute(text, filter, envFilter ? System.getenv() : Map.of());
        TypeDescription td = new TypeDescription(TopologyDef.class);
        td.addPropertyParameters("spouts", SpoutDef.class);
        td.addPropertyParameters("bolts", BoltDef.class);
        td.addPropertyParameters("includes", IncludeDef.class);
        LoaderOptions options = new LoaderOptions();
        Constructor constructor = new Constructor(TopologyDef.class, options);
        constructor.addTypeDescription(td);
        TopologyDef def = new Yaml(constructor).load(text);
        if (def == null) throw new IllegalArgumentException(origin + " is empty");
        if (def.getIncludes() == null) return def;
        for (IncludeDef include : def.getIncludes()) {
            String file = include.getFile();
            String included;
            if (include.isResource()) {
                String name = file.startsWith("/") ? file.substring(1) : file;
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                try (InputStream in = (cl != null ? cl : FluxLoader.class.getClassLoader()).getResourceAsStream(name)) {
                    if (in == null)
                        throw new IllegalArgumentException(
                                origin + " includes resource " + file + ", which is not on the classpath");
                    included = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                included = Files.readString(Paths.get(file), StandardCharsets.UTF_8);
            }
            TopologyDef inc = parse(included, file, filter, false, depth + 1);
            boolean override = include.isOverride();
            if (inc.getName() != null) def.setName(inc.getName(), override);
            if (inc.getConfig() != null) {
                if (def.getConfig() == null) def.setConfig(new java.util.HashMap<>());
                for (Map.Entry<String, Object> e : inc.getConfig().entrySet()) {
                    if (override || !def.getConfig().containsKey(e.getKey()))
                        def.getConfig().put(e.getKey(), e.getValue());
                }
            }
            if (inc.getComponents() != null) def.addAllComponents(inc.getComponents(), override);
            if (inc.getBolts() != null) def.addAllBolts(inc.getBolts(), override);
            if (inc.getSpouts() != null) def.addAllSpouts(inc.getSpouts(), override);
            if (inc.getStreams() != null) def.addAllStreams(inc.getStreams(), override);
        }
        return def;
    }

    static String substitute(String text, Properties props, Map<String, String> env) {
        Matcher m = PROP.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String v = null;
            if (key.startsWith("ENV-")) v = env.get(key.substring(4));
            else if (props != null) v = props.getProperty(key);
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group(0)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
