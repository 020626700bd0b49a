/**
 * The correlation ledger: where the keys that rules extract from spans wait for their other
 * side, and where the async edges found between them are kept.
 *
 * <p>Spans of one asynchronous chain arrive in any order and at any delay, so extraction
 * ({@link dev.weft.correlation.ledger.CorrelationLedger#record}) and matching
 * ({@link dev.weft.correlation.ledger.CorrelationLedger#match}) are separate steps: ingest
 * only appends keys, and the correlator joins everything recorded since its previous pass
 * against everything stored, as one set operation. {@link
 * dev.weft.correlation.ledger.InMemoryCorrelationLedger} is the reference semantics that
 * every other ledger is tested against.
 */
package dev.weft.correlation.ledger;
