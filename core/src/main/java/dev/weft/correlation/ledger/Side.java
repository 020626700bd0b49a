package dev.weft.correlation.ledger;

/** Which end of an asynchronous hop a key was extracted from. */
public enum Side {
    PRODUCER,
    CONSUMER
}
