package dev.analyst.agent.builtin;

import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The foreign keys of a dataset as a graph, to join the tables a question names onto the table whose
 * rows it counts or adds up. Paths follow references from the referencing table to the referenced
 * one first (many rows to one, so counts and sums stay those of the base table) and only go against
 * a reference when no such path exists.
 */
final class JoinPaths {

    /** One step from {@code from} to {@code to}, on pairs of columns. */
    private record Edge(String from, String to, List<String> fromColumns, List<String> toColumns, boolean manyToOne) {}

    /**
     * A table to join, and its condition.
     *
     * @param fansOut whether the join goes against a reference (one row of the table before it to many
     *     of this one), repeating the rows before it: a count or a sum over them would be inflated
     */
    record Join(String table, String on, boolean fansOut) {}

    private final Map<String, List<Edge>> edges = new HashMap<>();

    JoinPaths(List<TableSchema> tables) {
        for (var table : tables) {
            var referenced = new HashMap<String, Integer>();
            table.foreignKeys().forEach(key -> referenced.merge(key.referencedTable(), 1, Integer::sum));
            for (var key : table.foreignKeys()) {
                if (key.referencedTable().equals(table.name()) || referenced.get(key.referencedTable()) > 1) {
                    // A reference to itself (a manager) joins nothing new; two references to one table
                    // (a flight's origin and destination) leave the join a guess: neither is a path.
                    continue;
                }
                add(new Edge(table.name(), key.referencedTable(), key.columns(), key.referencedColumns(), true));
                add(new Edge(key.referencedTable(), table.name(), key.referencedColumns(), key.columns(), false));
            }
        }
    }

    /**
     * The joins that bring every table of {@code needed} to {@code base}, in the order to write them,
     * or empty when one of them cannot be reached.
     */
    Optional<List<Join>> joins(String base, List<String> needed) {
        var joined = new LinkedHashMap<String, Join>();
        for (var target : needed) {
            if (target.equals(base) || joined.containsKey(target)) {
                continue;
            }
            var path = path(base, target, true).or(() -> path(base, target, false));
            if (path.isEmpty()) {
                return Optional.empty();
            }
            for (var edge : path.get()) {
                if (!edge.to().equals(base) && !joined.containsKey(edge.to())) {
                    joined.put(edge.to(), new Join(edge.to(), condition(edge), !edge.manyToOne()));
                }
            }
        }
        return Optional.of(List.copyOf(joined.values()));
    }

    /** The shortest path, breadth first; only along references when {@code manyToOneOnly}. */
    private Optional<List<Edge>> path(String from, String to, boolean manyToOneOnly) {
        var via = new HashMap<String, Edge>();
        var queue = new ArrayDeque<String>();
        queue.add(from);
        via.put(from, null);
        while (!queue.isEmpty()) {
            var table = queue.poll();
            if (table.equals(to)) {
                var path = new ArrayList<Edge>();
                for (var edge = via.get(to); edge != null; edge = via.get(edge.from())) {
                    path.addFirst(edge);
                }
                return Optional.of(path);
            }
            for (var edge : edges.getOrDefault(table, List.of())) {
                if ((edge.manyToOne() || !manyToOneOnly) && !via.containsKey(edge.to())) {
                    via.put(edge.to(), edge);
                    queue.add(edge.to());
                }
            }
        }
        return Optional.empty();
    }

    private void add(Edge edge) {
        edges.computeIfAbsent(edge.from(), name -> new ArrayList<>()).add(edge);
    }

    private static String condition(Edge edge) {
        var on = new ArrayList<String>();
        for (int i = 0; i < edge.fromColumns().size(); i++) {
            on.add(SchemaWords.quote(edge.from()) + "."
                    + SchemaWords.quote(edge.fromColumns().get(i)) + " = " + SchemaWords.quote(edge.to()) + "."
                    + SchemaWords.quote(edge.toColumns().get(i)));
        }
        return String.join(" AND ", on);
    }
}
