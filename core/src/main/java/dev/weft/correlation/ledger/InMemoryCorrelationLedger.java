package dev.weft.correlation.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ledger of the memory mode and the reference semantics of matching. Keys are grouped by
 * (rule, key), so a match only looks at the groups that received new keys. One lock guards
 * everything: matching is a short, occasional pass, and correctness is the point here.
 * Bounded like the memory span store: past {@code maxKeys} keys (and as many edges) the oldest
 * recorded are forgotten first.
 */
public final class InMemoryCorrelationLedger implements CorrelationLedger {

    private static final int DEFAULT_MAX_KEYS = 1_000_000;

    /** Groups in (rule, key) order, so that when two keys of one rule join the same pair, the smaller key wins as in SQL. */
    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::rule).thenComparing(Group::key);

    /**
     * Among the producers a consumer may join: those that started at or before it first, then
     * the nearest in time, then by ids so that the choice never depends on arrival order.
     */
    private static Comparator<CorrelationKey> latestFirst(CorrelationKey consumer) {
        long start = consumer.startUnixNano();
        return Comparator.<CorrelationKey, Boolean>comparing(p -> p.startUnixNano() > start)
                .thenComparingLong(p -> Math.abs(start - p.startUnixNano()))
                .thenComparing(p -> p.span().traceId())
                .thenComparing(p -> p.span().spanId());
    }

    private record Group(String rule, String key) {
        static Group of(CorrelationKey key) {
            return new Group(key.rule(), key.key());
        }
    }

    private record KeyId(Side side, SpanRef span) {
    }

    private record EdgeId(String rule, SpanRef producer, SpanRef consumer) {
    }

    /** An edge and its consumer's start, by which retention forgets it. */
    private record StoredEdge(AsyncEdge edge, long consumerStartUnixNano) {
    }

    private final int maxKeys;
    private final Map<Group, Map<KeyId, CorrelationKey>> keys = new HashMap<>();
    private final ArrayDeque<CorrelationKey> recordOrder = new ArrayDeque<>();
    private final List<CorrelationKey> unmatched = new ArrayList<>();
    private final Map<EdgeId, StoredEdge> edges = new LinkedHashMap<>();
    /** Edges by the traces at their two ends, so a journey walk does not scan every edge. */
    private final Map<String, Set<EdgeId>> edgesByTrace = new HashMap<>();

    public InMemoryCorrelationLedger() {
        this(DEFAULT_MAX_KEYS);
    }

    public InMemoryCorrelationLedger(int maxKeys) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
    }

    @Override
    public synchronized void record(List<CorrelationKey> batch) {
        for (CorrelationKey key : batch) {
            Map<KeyId, CorrelationKey> group = keys.computeIfAbsent(Group.of(key), g -> new LinkedHashMap<>());
            if (group.putIfAbsent(new KeyId(key.side(), key.span()), key) == null) {
                unmatched.add(key);
                recordOrder.addLast(key);
            }
        }
        while (recordOrder.size() > maxKeys) {
            forget(recordOrder.removeFirst());
        }
    }

    private void forget(CorrelationKey key) {
        Group group = Group.of(key);
        Map<KeyId, CorrelationKey> members = keys.get(group);
        if (members != null) {
            members.remove(new KeyId(key.side(), key.span()));
            if (members.isEmpty()) {
                keys.remove(group);
            }
        }
    }

    @Override
    public synchronized MatchResult match(MatchSettings settings) {
        Map<Group, List<CorrelationKey>> fresh = new TreeMap<>(GROUP_ORDER);
        for (CorrelationKey key : unmatched) {
            fresh.computeIfAbsent(Group.of(key), g -> new ArrayList<>()).add(key);
        }
        unmatched.clear();
        List<AsyncEdge> created = new ArrayList<>();
        long hot = 0;
        for (Map.Entry<Group, List<CorrelationKey>> entry : fresh.entrySet()) {
            Map<KeyId, CorrelationKey> group = keys.get(entry.getKey());
            if (group == null) {
                continue;
            }
            Collection<CorrelationKey> stored = group.values();
            if (isHot(stored, settings.maxKeyFanout())) {
                hot++;
                continue;
            }
            MatchPolicy policy = settings.policyFor(entry.getKey().rule());
            for (CorrelationKey added : entry.getValue()) {
                for (CorrelationKey other : stored) {
                    if (other.side() == added.side()) {
                        continue;
                    }
                    CorrelationKey producer = added.side() == Side.PRODUCER ? added : other;
                    CorrelationKey consumer = added.side() == Side.PRODUCER ? other : added;
                    if (policy.admits(producer, consumer)
                            && (!policy.latestProducerOnly() || producer.equals(latestProducer(consumer, stored, policy)))) {
                        addEdge(producer, consumer, created);
                    }
                }
            }
        }
        return new MatchResult(created, hot);
    }

    private static boolean isHot(Collection<CorrelationKey> group, int maxFanout) {
        long producers = group.stream().filter(k -> k.side() == Side.PRODUCER).count();
        return producers > maxFanout || group.size() - producers > maxFanout;
    }

    private static CorrelationKey latestProducer(CorrelationKey consumer, Collection<CorrelationKey> group, MatchPolicy policy) {
        return group.stream()
                .filter(p -> p.side() == Side.PRODUCER && policy.admits(p, consumer))
                .min(latestFirst(consumer))
                .orElseThrow();
    }

    private void addEdge(CorrelationKey producer, CorrelationKey consumer, List<AsyncEdge> created) {
        EdgeId id = new EdgeId(producer.rule(), producer.span(), consumer.span());
        if (!edges.containsKey(id)) {
            AsyncEdge edge = new AsyncEdge(producer.span(), consumer.span(), producer.rule(), producer.key(),
                    consumer.startUnixNano() - producer.endUnixNano());
            edges.put(id, new StoredEdge(edge, consumer.startUnixNano()));
            edgesByTrace.computeIfAbsent(producer.span().traceId(), t -> new LinkedHashSet<>()).add(id);
            edgesByTrace.computeIfAbsent(consumer.span().traceId(), t -> new LinkedHashSet<>()).add(id);
            created.add(edge);
            if (edges.size() > maxKeys) {
                removeEdge(edges.keySet().iterator().next());
            }
        }
    }

    private void removeEdge(EdgeId id) {
        edges.remove(id);
        for (String trace : List.of(id.producer().traceId(), id.consumer().traceId())) {
            Set<EdgeId> ids = edgesByTrace.get(trace);
            if (ids != null && ids.remove(id) && ids.isEmpty()) {
                edgesByTrace.remove(trace);
            }
        }
    }

    @Override
    public synchronized List<AsyncEdge> edgesOf(Collection<String> traceIds) {
        Set<EdgeId> ids = new LinkedHashSet<>();
        for (String trace : traceIds) {
            ids.addAll(edgesByTrace.getOrDefault(trace, Set.of()));
        }
        return ids.stream().map(id -> edges.get(id).edge()).toList();
    }

    @Override
    public synchronized void deleteBefore(long unixNano) {
        keys.values().forEach(group -> group.values().removeIf(k -> k.startUnixNano() < unixNano));
        keys.values().removeIf(Map::isEmpty);
        unmatched.removeIf(k -> k.startUnixNano() < unixNano);
        recordOrder.removeIf(k -> k.startUnixNano() < unixNano);
        edges.entrySet().stream().filter(e -> e.getValue().consumerStartUnixNano() < unixNano).map(Map.Entry::getKey)
                .toList().forEach(this::removeEdge);
    }
}
