-- The correlation ledger. Ids, rules and keys are compared byte for byte (COLLATE "C"): they are
-- identifiers, not words, and C comparison is the fast one.
--
-- Time-based tables are partitioned by day on a timestamptz so that retention drops whole partitions
-- (PartitionMaintenance creates and drops the day partitions). A DEFAULT partition takes rows of days
-- that have none (clock-skewed or garbage timestamps), so an insert never fails for its time. Unique
-- constraints must contain the partition column, so every partition column is derived from the row's own
-- data (never from the time of insertion): the same key or edge arriving twice lands in the same
-- partition and conflicts with itself.

-- Nanoseconds since the epoch to a timestamp, truncated (not rounded) to the microsecond, so a time
-- falls on the same day as in Java's floorDiv; only partitions and retention use it, the exact
-- nanoseconds are kept beside it. to_timestamp rounds the double back to the exact microsecond.
CREATE FUNCTION unix_nanos_to_timestamptz(nanos bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_timestamp((nanos / 1000)::double precision / 1e6) $$;

-- Every key every rule extracted. side: 'P' producer, 'C' consumer.
CREATE TABLE correlation_keys (
    rule            text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    side            char(1)          NOT NULL CHECK (side IN ('P', 'C')),
    trace_id        text COLLATE "C" NOT NULL,
    span_id         text COLLATE "C" NOT NULL,
    service_name    text             NOT NULL,
    start_unix_nano bigint           NOT NULL,
    end_unix_nano   bigint           NOT NULL,
    start_time      timestamptz      NOT NULL,
    -- Idempotent recording; its leading columns are also the index matching joins on.
    UNIQUE (rule, key, side, trace_id, span_id, start_time)
) PARTITION BY RANGE (start_time);
CREATE TABLE correlation_keys_default PARTITION OF correlation_keys DEFAULT;

-- Keys recorded but not yet matched: a queue that match() empties with DELETE ... RETURNING. A
-- watermark over a sequence would lose keys, because sequence order is not commit order: a key numbered
-- 100 can commit after a match has already moved past 101.
CREATE TABLE correlation_key_inbox (
    rule            text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    side            char(1)          NOT NULL,
    trace_id        text COLLATE "C" NOT NULL,
    span_id         text COLLATE "C" NOT NULL,
    start_unix_nano bigint           NOT NULL,
    end_unix_nano   bigint           NOT NULL,
    start_time      timestamptz      NOT NULL
);

-- Edges found by matching, partitioned by their consumer's start, which retention goes by.
CREATE TABLE async_edges (
    rule                text COLLATE "C" NOT NULL,
    key                 text COLLATE "C" NOT NULL,
    producer_trace_id   text COLLATE "C" NOT NULL,
    producer_span_id    text COLLATE "C" NOT NULL,
    consumer_trace_id   text COLLATE "C" NOT NULL,
    consumer_span_id    text COLLATE "C" NOT NULL,
    lag_nanos           bigint           NOT NULL,
    consumer_start_time timestamptz      NOT NULL,
    created_at          timestamptz      NOT NULL DEFAULT now(),
    -- One edge per rule and span pair; also the index for edges by producer trace.
    UNIQUE (producer_trace_id, producer_span_id, consumer_trace_id, consumer_span_id, rule, consumer_start_time)
) PARTITION BY RANGE (consumer_start_time);
CREATE TABLE async_edges_default PARTITION OF async_edges DEFAULT;
CREATE INDEX async_edges_consumer_trace ON async_edges (consumer_trace_id);

-- Journeys as the correlator assembles them: the id is the origin's trace id, the start its root span's.
CREATE TABLE journeys (
    journey_id      text COLLATE "C" NOT NULL,
    start_unix_nano bigint           NOT NULL,
    start_time      timestamptz      NOT NULL,
    truncated       boolean          NOT NULL DEFAULT false,
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (journey_id, start_time)
) PARTITION BY RANGE (start_time);
CREATE TABLE journeys_default PARTITION OF journeys DEFAULT;

-- Member traces; a trace reached from several origins has a row per journey.
CREATE TABLE journey_traces (
    journey_id         text COLLATE "C" NOT NULL,
    trace_id           text COLLATE "C" NOT NULL,
    journey_start_time timestamptz      NOT NULL,
    PRIMARY KEY (journey_id, trace_id, journey_start_time)
) PARTITION BY RANGE (journey_start_time);
CREATE TABLE journey_traces_default PARTITION OF journey_traces DEFAULT;
CREATE INDEX journey_traces_trace ON journey_traces (trace_id);

-- User-defined rules; few and small, so neither partitioned nor ever dropped by retention.
CREATE TABLE correlation_rules (
    name       text COLLATE "C" PRIMARY KEY,
    definition jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
