package dev.storm2flink.verify.storm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.storm.flux.model.BoltDef;
import org.apache.storm.flux.model.IncludeDef;
import org.apache.storm.flux.model.SpoutDef;
import org.apache.storm.flux.model.TopologyDef;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.TypeDescription;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;

/**
 * FluxParser.parseFile for SnakeYAML 2: flux-core's parser calls a SnakeYAML 1.x constructor that Storm 2.8's
 * SnakeYAML 2 no longer has. Same bean mapping and ${prop}/${ENV-NAME} substitution; includes are not supported yet.
 */
public final class FluxLoader {
    private static final Pattern PROP = Pattern.compile("\\$\\{([^}]+)}");

    private FluxLoader() {}

    public static TopologyDef parseFile(String file, Properties filter, boolean envFilter) throws IOException {
        String text = Files.readString(Paths.get(file), StandardCharsets.UTF_8);
        if (filter != null || envFilter) text = substitute(text, filter, envFilter ? System.getenv() : Map.of());
        TypeDescription td = new TypeDescription(TopologyDef.class);
        td.addPropertyParameters("spouts", SpoutDef.class);
        td.addPropertyParameters("bolts", BoltDef.class);
        td.addPropertyParameters("includes", IncludeDef.class);
        LoaderOptions options = new LoaderOptions();
        Constructor constructor = new Constructor(TopologyDef.class, options);
        constructor.addTypeDescription(td);
        TopologyDef def = new Yaml(constructor).load(text);
        if (def == null) throw new IllegalArgumentException(file + " is empty");
        if (def.getIncludes() != null && !def.getIncludes().isEmpty()) {
            throw new IllegalArgumentException(file + " uses Flux includes, which the verify runner does not support yet; inline them");
        }
        if (!def.validate()) throw new IllegalArgumentException(file + " is not a valid Flux topology");
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
