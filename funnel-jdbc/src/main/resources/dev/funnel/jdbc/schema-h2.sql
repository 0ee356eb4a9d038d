-- The schema of funnel-jdbc's JdbcLeadStore, version 1, for H2 2.x (the embedded default).
-- JdbcLeadStore.createSchema runs this script; with a migration tool, copy it as a migration.
-- Every statement may run again: nothing is created twice.
--
-- The same tables as schema-postgresql.sql, in H2's types: VARCHAR for VARCHAR, DECFLOAT for
-- NUMERIC (H2's NUMERIC without a scale would round), TIMESTAMP(6) for the microsecond. H2 has no
-- per-column collation: JdbcLeadStore sorts ids as VARBINARY, their UTF-8 bytes. The lead row repeats its current
-- stage, the time it entered it and its version, so that a move is a compare-and-set on one row.

CREATE TABLE IF NOT EXISTS funnel_schema (
  version INTEGER NOT NULL
);
INSERT INTO funnel_schema (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM funnel_schema);

CREATE TABLE IF NOT EXISTS funnel_lead (
  id          VARCHAR PRIMARY KEY,
  deal_value  DECFLOAT NOT NULL CHECK (deal_value >= 0),
  value_scale INTEGER NOT NULL,     -- the scale of the value as given: 1200.50 reads back as 1200.50
  source      VARCHAR,
  segment     VARCHAR,
  lost_reason VARCHAR,
  stage_id    VARCHAR NOT NULL,        -- the stage of the lead's ongoing visit
  stage_since TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  version     BIGINT NOT NULL CHECK (version >= 0)  -- stage changes so far: the ongoing visit's seq
);
CREATE INDEX IF NOT EXISTS funnel_lead_by_stage ON funnel_lead (stage_id);

-- One row per visit; seq counts from 0. The primary key makes a duplicate visit impossible.
CREATE TABLE IF NOT EXISTS funnel_stage_visit (
  lead_id  VARCHAR NOT NULL REFERENCES funnel_lead (id),
  seq      BIGINT NOT NULL CHECK (seq >= 0),
  stage_id VARCHAR NOT NULL,
  entered  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  exited   TIMESTAMP(6) WITH TIME ZONE,  -- null while the lead is still there
  reason   VARCHAR NOT NULL,
  PRIMARY KEY (lead_id, seq)
);

-- A lead's typed attributes, in their order; one value column is set, as value_type says.
CREATE TABLE IF NOT EXISTS funnel_lead_attribute (
  lead_id       VARCHAR NOT NULL REFERENCES funnel_lead (id),
  ordinal       INTEGER NOT NULL,
  name          VARCHAR NOT NULL,
  value_type    VARCHAR(7) NOT NULL CHECK (value_type IN ('TEXT', 'NUMBER', 'BOOLEAN', 'TIME')),
  text_value    VARCHAR,
  number_value  DOUBLE PRECISION,
  boolean_value BOOLEAN,
  time_value    TIMESTAMP(6) WITH TIME ZONE,
  PRIMARY KEY (lead_id, ordinal),
  UNIQUE (lead_id, name)
);

-- Activities in the order they were recorded (by id).
CREATE TABLE IF NOT EXISTS funnel_activity (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id       VARCHAR NOT NULL REFERENCES funnel_lead (id),
  activity_type VARCHAR NOT NULL,
  occurred_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS funnel_activity_by_lead ON funnel_activity (lead_id, id);

CREATE TABLE IF NOT EXISTS funnel_activity_property (
  activity_id   BIGINT NOT NULL REFERENCES funnel_activity (id),
  ordinal       INTEGER NOT NULL,
  name          VARCHAR NOT NULL,
  value_type    VARCHAR(7) NOT NULL CHECK (value_type IN ('TEXT', 'NUMBER', 'BOOLEAN', 'TIME')),
  text_value    VARCHAR,
  number_value  DOUBLE PRECISION,
  boolean_value BOOLEAN,
  time_value    TIMESTAMP(6) WITH TIME ZONE,
  PRIMARY KEY (activity_id, ordinal),
  UNIQUE (activity_id, name)
);
