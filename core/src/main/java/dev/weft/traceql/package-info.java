/**
 * TraceQL, the subset Grafana's Tempo datasource generates: one spanset filter {@code {...}} of
 * conditions joined by {@code &&} and {@code ||}. {@link dev.weft.traceql.TraceQl} parses it
 * with a recursive-descent parser; {@link dev.weft.traceql.TraceQlEvaluator} is the reference
 * semantics, evaluated directly by the memory storage and, after a pre-filtering query, by
 * every other {@link dev.weft.traceql.TraceQlSearcher}, so that all storage answers alike.
 * Anything outside the subset is refused with a {@link dev.weft.traceql.TraceQlException} that
 * names the construct, never silently ignored.
 */
package dev.weft.traceql;
