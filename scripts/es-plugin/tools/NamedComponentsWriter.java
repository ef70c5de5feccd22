/*
 * Writes the plugin's named_components.json, the index that Elasticsearch's stable plugin loader
 * (org.elasticsearch.plugins.scanners.NamedComponentReader) reads instead of scanning the jar:
 *   {"<extensible interface>": {"<component name>": "<implementing class>"}, ...}
 * Gradle's stable-plugin tooling normally generates it; we derive it from the compiled classes so a
 * component's name lives only in its @NamedComponent annotation.
 *
 * Usage (source-file mode): java -cp <classes>:<es lib jars> NamedComponentsWriter.java <classes dir> <out file>
 */
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.elasticsearch.plugin.Extensible;
import org.elasticsearch.plugin.NamedComponent;

public class NamedComponentsWriter {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        Map<String, Map<String, String>> byExtensible = new TreeMap<>();
        for (String className : classNames(classes)) {
            Class<?> type = Class.forName(className, false, NamedComponentsWriter.class.getClassLoader());
            NamedComponent named = type.getAnnotation(NamedComponent.class);
            if (named == null) {
                continue;
            }
            String extensible = extensibleOf(type);
            String previous = byExtensible.computeIfAbsent(extensible, k -> new TreeMap<>()).put(named.value(), className);
            if (previous != null) {
                throw new IllegalStateException("component name " + named.value() + " used by " + previous + " and " + className);
            }
        }
        if (byExtensible.isEmpty()) {
            throw new IllegalStateException("no @NamedComponent class under " + classes);
        }
        Files.writeString(Path.of(args[1]), toJson(byExtensible), StandardCharsets.UTF_8);
    }

    /** Binary names ("a.b.Outer$Inner") of the classes under root, so nested types load too. */
    private static List<String> classNames(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class")).sorted().forEach(p -> {
                String relative = root.relativize(p).toString();
                names.add(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'));
            });
        }
        return names;
    }

    /** The one interface annotated @Extensible that the component implements, directly or through a parent. */
    private static String extensibleOf(Class<?> type) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (todo.isEmpty() == false) {
            Class<?> current = todo.poll();
            if (current.isInterface() && current.isAnnotationPresent(Extensible.class)) {
                return current.getName();
            }
            todo.addAll(List.of(current.getInterfaces()));
            if (current.getSuperclass() != null) {
                todo.add(current.getSuperclass());
            }
        }
        throw new IllegalStateException(type.getName() + " has @NamedComponent but implements no @Extensible interface");
    }

    private static String toJson(Map<String, Map<String, String>> byExtensible) {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Map<String, String>> group : byExtensible.entrySet()) {
            json.append("  ").append(quote(group.getKey())).append(": {\n");
            int j = 0;
            for (Map.Entry<String, String> component : group.getValue().entrySet()) {
                json.append("    ").append(quote(component.getKey())).append(": ").append(quote(component.getValue()));
                json.append(++j < group.getValue().size() ? ",\n" : "\n");
            }
            json.append(++i < byExtensible.size() ? "  },\n" : "  }\n");
        }
        return json.append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
