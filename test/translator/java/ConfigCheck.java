import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * Loads each given config folder with Flink's own GlobalConfiguration and checks every key against
 * the ConfigOptions declared on the classpath (the targeted Flink version): known, not deprecated,
 * and its value parses. Prints one line per key: OK|UNKNOWN|DEPRECATED|BAD <key> <detail>.
 */
public final class ConfigCheck {
  private static final class Known {
    final ConfigOption<?> option;
    final boolean deprecated;
    final String where;

    Known(ConfigOption<?> option, boolean deprecated, String where) {
      this.option = option;
      this.deprecated = deprecated;
      this.where = where;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, Known> known = scan();
    boolean failed = false;
    for (String dir : args) {
      Configuration conf = GlobalConfiguration.loadConfiguration(dir);
      Map<String, String> entries = new TreeMap<>(conf.toMap());
      for (Map.Entry<String, String> e : entries.entrySet()) {
        String key = e.getKey();
        String lookup = key;
        // Named reporter options: metrics.reporter.<name>.<option>
        if (key.startsWith("metrics.reporter.")) {
          String rest = key.substring("metrics.reporter.".length());
          int dot = rest.indexOf('.');
          lookup = dot < 0 ? rest : rest.substring(dot + 1);
          if (lookup.equals("port")) {
            // The Prometheus reporter reads "port" itself (a port or a range), no ConfigOption.
            boolean ok = e.getValue().matches("[0-9]+(-[0-9]+)?");
            System.out.println((ok ? "OK " : "BAD ") + key + " " + e.getValue());
            failed |= !ok;
            continue;
          }
        }
        Known k = known.get(lookup);
        if (k == null) {
          System.out.println("UNKNOWN " + key);
          failed = true;
          continue;
        }
        if (k.deprecated) {
          System.out.println("DEPRECATED " + key + " " + k.where);
          failed = true;
          continue;
        }
        try {
          Object v;
          if (lookup.equals(key)) {
            v = conf.get(k.option);
          } else {
            Configuration one = new Configuration();
            one.setString(lookup, e.getValue());
            v = one.get(k.option);
          }
          if (lookup.equals("factory.class")) Class.forName(String.valueOf(v));
          System.out.println("OK " + key + " " + v);
        } catch (Throwable t) {
          System.out.println("BAD " + key + " " + t);
          failed = true;
        }
      }
    }
    System.exit(failed ? 1 : 0);
  }

  private static Map<String, Known> scan() throws Exception {
    Map<String, Known> out = new HashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) continue;
      try (JarFile jar = new JarFile(entry)) {
        Enumeration<JarEntry> es = jar.entries();
        while (es.hasMoreElements()) {
          String n = es.nextElement().getName();
          if (!n.startsWith("org/apache/flink/") || !n.endsWith("Options.class") || n.contains("$")) continue;
          String cn = n.substring(0, n.length() - 6).replace('/', '.');
          Class<?> c;
          try {
            c = Class.forName(cn, true, ConfigCheck.class.getClassLoader());
          } catch (Throwable t) {
            continue;
          }
          for (Field f : c.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) continue;
            ConfigOption<?> o;
            try {
              o = (ConfigOption<?>) f.get(null);
            } catch (Throwable t) {
              continue;
            }
            boolean dep = f.isAnnotationPresent(Deprecated.class);
            String where = cn + "." + f.getName();
            Known prev = out.get(o.key());
            if (prev == null || (prev.deprecated && !dep)) out.put(o.key(), new Known(o, dep, where));
            for (FallbackKey fk : o.fallbackKeys()) {
              out.putIfAbsent(fk.getKey(), new Known(o, true, where + " (fallback of " + o.key() + ")"));
            }
          }
        }
      }
    }
    return out;
  }
}
