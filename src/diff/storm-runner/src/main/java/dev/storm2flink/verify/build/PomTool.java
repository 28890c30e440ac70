package dev.storm2flink.verify.build;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads and edits Maven's effective POM (help:effective-pom output: every inherited and interpolated value
 * in place) for build.ts, so what a project declares comes from Maven's own model, not from its XML.
 *
 * <pre>
 * PomTool model &lt;effective.xml&gt; &lt;out.json&gt;
 *     each project: groupId, artifactId, version, packaging, buildDirectory, sourceDirectory, resources,
 *     its direct dependencies (groupId, artifactId, version, type, classifier, scope, optional) and repositories
 * PomTool rewrite &lt;effective.xml&gt; &lt;groupId:artifactId&gt; &lt;out pom.xml&gt; [edits]
 *     writes that project's effective POM as a standalone pom (no parent: everything is inherited already), its
 *     repositories over plain http dropped (Maven blocks them; an http "central" becomes https Central), edited:
 *     --drop-test                  remove test-scope dependencies (verify compiles main code only)
 *     --exclude-all g:a            the dependency g:a brings none of its own dependencies
 *     --version g:a=v              the dependency g:a at version v
 *     --add g:a:v:scope[:classifier]  a further dependency, without its own dependencies
 *     --drop-plugin g:a            remove a build plugin
 *     --java-level n               compile at Java n where the pom's level is lower (javac refused it)
 * </pre>
 */
public final class PomTool {
    private PomTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("model")) {
            Files.writeString(Paths.get(args[2]), model(parse(args[1])), StandardCharsets.UTF_8);
        } else if (args.length >= 4 && args[0].equals("rewrite")) {
            Document doc = parse(args[1]);
            Element project = findProject(doc, args[2]);
            if (project == null) throw new IllegalArgumentException("no project " + args[2] + " in " + args[1]);
            List<String> rest = List.of(args).subList(4, args.length);
            write(rewrite(project, rest), args[3]);
        } else {
            System.err.println(
                    "usage: PomTool model <effective.xml> <out.json> | rewrite <effective.xml> <g:a> <out.xml> [edits]");
            System.exit(2);
        }
    }

    static Document parse(String file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new File(file));
    }

    static List<Element> projects(Document doc) {
        Element root = doc.getDocumentElement();
        if (root.getTagName().equals("project")) return List.of(root);
        return children(root, "project");
    }

    static Element findProject(Document doc, String ga) {
        for (Element p : projects(doc)) if (ga.equals(text(p, "groupId") + ":" + text(p, "artifactId"))) return p;
        return null;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) out.add(e);
        }
        return out;
    }

    static Element child(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    static String text(Element parent, String tag) {
        Element c = child(parent, tag);
        return c == null ? null : c.getTextContent().trim();
    }

    static String model(Document doc) {
        StringBuilder out = new StringBuilder("[");
        for (Element p : projects(doc)) {
            if (out.length() > 1) out.append(',');
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("groupId", text(p, "groupId"));
            m.put("artifactId", text(p, "artifactId"));
            m.put("version", text(p, "version"));
            m.put("packaging", text(p, "packaging") == null ? "jar" : text(p, "packaging"));
            Element build = child(p, "build");
            m.put("buildDirectory", text(build, "directory"));
            m.put("sourceDirectory", text(build, "sourceDirectory"));
            List<Object> resources = new ArrayList<>();
            for (Element r : children(child(build, "resources"), "resource")) resources.add(text(r, "directory"));
            m.put("resources", resources);
            List<Object> deps = new ArrayList<>();
            for (Element d : children(child(p, "dependencies"), "dependency")) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("groupId", text(d, "groupId"));
                dm.put("artifactId", text(d, "artifactId"));
                dm.put("version", text(d, "version"));
                dm.put("type", text(d, "type") == null ? "jar" : text(d, "type"));
                dm.put("classifier", text(d, "classifier"));
                dm.put("scope", text(d, "scope") == null ? "compile" : text(d, "scope"));
                dm.put("optional", "true".equals(text(d, "optional")));
                deps.add(dm);
            }
            m.put("dependencies", deps);
            List<Object> repos = new ArrayList<>();
            for (Element r : children(child(p, "repositories"), "repository")) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("id", text(r, "id"));
                rm.put("url", text(r, "url"));
                repos.add(rm);
            }
            m.put("repositories", repos);
            json(out, m);
        }
        return out.append("]\n").toString();
    }

    static Document rewrite(Element project, List<String> edits) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element p = (Element) doc.importNode(project, true);
        doc.appendChild(p);
        p.setAttribute("xmlns", "http://maven.apache.org/POM/4.0.0");
        Element parent = child(p, "parent");
        if (parent != null) p.removeChild(parent);
        httpsOnly(p, "repositories", "repository");
        httpsOnly(p, "pluginRepositories", "pluginRepository");
        Element deps = child(p, "dependencies");
        if (deps == null) {
            deps = doc.createElement("dependencies");
            p.appendChild(deps);
        }
        boolean dropTest = edits.contains("--drop-test");
        List<String> excludeAll = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        List<String[]> adds = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            String e = edits.get(i);
            if (e.equals("--exclude-all")) excludeAll.add(edits.get(++i));
            else if (e.equals("--version")) {
                String[] kv = edits.get(++i).split("=", 2);
                versions.put(kv[0], kv[1]);
            } else if (e.equals("--add")) adds.add(edits.get(++i).split(":"));
            else if (e.equals("--drop-plugin")) dropPlugin(p, edits.get(++i));
            else if (e.equals("--java-level")) javaLevel(p, Integer.parseInt(edits.get(++i)));
            else if (!e.equals("--drop-test")) throw new IllegalArgumentException("unknown edit " + e);
        }
        for (Element d : children(deps, "dependency")) {
            String ga = text(d, "groupId") + ":" + text(d, "artifactId");
            if (dropTest && "test".equals(text(d, "scope"))) {
                deps.removeChild(d);
                continue;
            }
            if (versions.containsKey(ga)) setText(doc, d, "version", versions.get(ga));
            if (excludeAll.contains(ga)) excludeAll(doc, d);
        }
        for (String[] a : adds) {
            Element d = doc.createElement("dependency");
            setText(doc, d, "groupId", a[0]);
            setText(doc, d, "artifactId", a[1]);
            setText(doc, d, "version", a[2]);
            setText(doc, d, "scope", a[3]);
            if (a.length > 4 && !a[4].isEmpty()) setText(doc, d, "classifier", a[4]);
            excludeAll(doc, d);
            deps.appendChild(d);
        }
        return doc;
    }

    /**
     * Maven 3.8.1+ blocks repositories over plain http (its maven-default-http-blocker mirror), so an old pom's
     * http repositories only fail a build: they are dropped, and an http "central" (Central's old
     * http://repo1.maven.org address) becomes Central over https.
     */
    private static void httpsOnly(Element project, String listTag, String tag) {
        Element list = child(project, listTag);
        for (Element r : children(list, tag)) {
            String url = text(r, "url");
            if (url == null || !url.startsWith("http://")) continue;
            if ("central".equals(text(r, "id"))) child(r, "url").setTextContent("https://repo.maven.apache.org/maven2");
            else list.removeChild(r);
        }
    }

    /** Removes a build plugin (groupId:artifactId; a missing groupId is Maven's org.apache.maven.plugins). */
    private static void dropPlugin(Element project, String ga) {
        Element plugins = child(child(project, "build"), "plugins");
        for (Element pl : children(plugins, "plugin")) {
            String g = text(pl, "groupId") == null ? "org.apache.maven.plugins" : text(pl, "groupId");
            if (ga.equals(g + ":" + text(pl, "artifactId"))) plugins.removeChild(pl);
        }
    }

    private static final List<String> LEVEL_TAGS =
            List.of("source", "target", "release", "testSource", "testTarget", "testRelease");

    /**
     * Raises every Java level below n to n: maven-compiler-plugin's configuration (the plugin's and each
     * execution's) and the maven.compiler.* properties its defaults read; a pom that sets none gets the
     * properties, since the plugin's own default (1.5 before 3.8) is what javac refused.
     */
    private static void javaLevel(Element project, int n) {
        Document doc = project.getOwnerDocument();
        Element build = child(project, "build");
        List<Element> configs = new ArrayList<>();
        List<Element> plugins = new ArrayList<>(children(child(build, "plugins"), "plugin"));
        plugins.addAll(children(child(child(build, "pluginManagement"), "plugins"), "plugin"));
        for (Element pl : plugins) {
            if (!"maven-compiler-plugin".equals(text(pl, "artifactId"))) continue;
            configs.add(child(pl, "configuration"));
            for (Element ex : children(child(pl, "executions"), "execution")) configs.add(child(ex, "configuration"));
        }
        for (Element c : configs) {
            for (String tag : LEVEL_TAGS) {
                Element v = child(c, tag);
                if (v != null && below(v.getTextContent(), n)) v.setTextContent(String.valueOf(n));
            }
        }
        Element props = child(project, "properties");
        if (props == null) {
            props = doc.createElement("properties");
            project.appendChild(props);
        }
        for (String key : List.of("maven.compiler.source", "maven.compiler.target")) {
            String v = text(props, key);
            if (v == null || below(v, n)) setText(doc, props, key, String.valueOf(n));
        }
        String release = text(props, "maven.compiler.release");
        if (release != null && below(release, n)) setText(doc, props, "maven.compiler.release", String.valueOf(n));
    }

    /** A Java level ("1.6", "6", "8", "17") below n; not one (a property left unresolved) is not. */
    static boolean below(String level, int n) {
        String v = level.trim();
        if (v.startsWith("1.")) v = v.substring(2);
        try {
            return Integer.parseInt(v) < n;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void setText(Document doc, Element parent, String tag, String value) {
        Element c = child(parent, tag);
        if (c == null) {
            c = doc.createElement(tag);
            parent.appendChild(c);
        }
        c.setTextContent(value);
    }

    private static void excludeAll(Document doc, Element dep) {
        Element old = child(dep, "exclusions");
        if (old != null) dep.removeChild(old);
        Element exclusions = doc.createElement("exclusions");
        Element ex = doc.createElement("exclusion");
        Element g = doc.createElement("groupId");
        g.setTextContent("*");
        Element a = doc.createElement("artifactId");
        a.setTextContent("*");
        ex.appendChild(g);
        ex.appendChild(a);
        exclusions.appendChild(ex);
        dep.appendChild(exclusions);
    }

    static void write(Document doc, String file) throws Exception {
        Transformer t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        t.setOutputProperty(OutputKeys.INDENT, "no");
        t.transform(new DOMSource(doc), new StreamResult(new File(file)));
    }

    @SuppressWarnings("unchecked")
    private static void json(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (!first) out.append(',');
                first = false;
                json(out, e.getKey());
                out.append(':');
                json(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) out.append(',');
                json(out, l.get(i));
            }
            out.append(']');
        } else {
            String s = v.toString();
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                        else out.append(c);
                    }
                }
            }
            out.append('"');
        }
    }
}
