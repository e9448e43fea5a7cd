import { STATE_COUNCIL_CALENDARS } from '../../shared/domain/demand/calendar-seed';
import { CALENDAR_KIND } from '../../shared/domain/demand/working-days';
import { DEFAULT_LIMITS, LIMITS_KIND } from '../../shared/domain/demand/deadlines';
import { URGENCIES } from '../../shared/domain/problem';
import type { SqlClient } from './sql-client';

/** Numbered server migrations; applied in one transaction, recorded in schema_version. */
const MIGRATIONS: readonly string[] = [
  /* sql */ `
  CREATE TABLE visit_revisions (
    visit_id     uuid        NOT NULL,
    revision     integer     NOT NULL CHECK (revision >= 1),
    content_hash char(64)    NOT NULL,
    firm_id      text        NOT NULL,
    kind         text        NOT NULL,
    officer      text        NOT NULL,
    completed_at timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    answers      jsonb       NOT NULL,
    PRIMARY KEY (visit_id, revision)
  );
  CREATE INDEX visit_revisions_received ON visit_revisions (received_at, visit_id);
  `,
  /* sql */ `
  -- Accounts with a county scope (NULL = the whole city), devices with revocable tokens,
  -- the directory the laptops pull, and who owns each pushed visit.
  CREATE TABLE accounts (
    id            text PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
    county_scope  jsonb,
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE devices (
    id           text PRIMARY KEY,
    account_id   text NOT NULL REFERENCES accounts(id),
    token_hash   char(64) NOT NULL UNIQUE,
    name         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    revoked_at   timestamptz
  );
  CREATE SEQUENCE directory_version;
  CREATE TABLE directory_firms (
    id          text PRIMARY KEY,
    county_code text NOT NULL,
    data        jsonb NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    version     bigint NOT NULL DEFAULT nextval('directory_version')
  );
  CREATE INDEX directory_firms_version ON directory_firms (version);
  CREATE TABLE directory_reference (
    kind    text NOT NULL,
    code    text NOT NULL,
    data    jsonb NOT NULL,
    version bigint NOT NULL DEFAULT nextval('directory_version'),
    PRIMARY KEY (kind, code)
  );
  CREATE INDEX directory_reference_version ON directory_reference (version);
  ALTER TABLE visit_revisions ADD COLUMN account_id text;
  ALTER TABLE visit_revisions ADD COLUMN county_code text;
  ALTER TABLE visit_revisions ADD COLUMN firm jsonb;
  CREATE INDEX visit_revisions_owner ON visit_revisions (visit_id, account_id);
  CREATE INDEX visit_revisions_county ON visit_revisions (county_code);
  `,
  /* sql */ `
  -- Attachments: declared by a visit revision's manifest, uploaded (resumably) by id.
  ALTER TABLE visit_revisions ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
  CREATE TABLE attachments (
    id          uuid PRIMARY KEY,
    visit_id    uuid NOT NULL,
    account_id  text NOT NULL,
    file_name   text NOT NULL,
    size        bigint NOT NULL,
    sha256      char(64) NOT NULL,
    received    bigint NOT NULL DEFAULT 0,
    complete    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX attachments_by_visit ON attachments (visit_id);
  `,
  /* sql */ `
  -- Arrival order of revisions, so supervisors pull "everything after N" of their scope.
  CREATE SEQUENCE visit_revision_seq;
  ALTER TABLE visit_revisions ADD COLUMN seq bigint NOT NULL DEFAULT nextval('visit_revision_seq');
  CREATE INDEX visit_revisions_seq ON visit_revisions (seq);
  `,
  /* sql */ `
  -- The demo firms' credit codes were made with a wrong GB 11714 check (letters valued by
  -- their GB 32100 place): a server seeded with them gets the corrected codes, under a
  -- new directory version so laptops pull the change.
  UPDATE directory_firms d SET data = jsonb_set(d.data, '{creditCode}', to_jsonb(f.new_code::text)), version = nextval('directory_version')
  FROM (VALUES
    ('demo-01', '91371502MA3C1B2KXC', '91371502MA3C1B2K52'),
    ('demo-02', '91371502MA3D7K9P2F', '91371502MA3D7K9P95'),
    ('demo-03', '91371503MA3E2L5Q18', '91371503MA3E2L5Q8X'),
    ('demo-04', '91371581MA3F4M8R3Q', '91371581MA3F4M8RX9'),
    ('demo-05', '91371521MA3G6N1T18', '91371521MA3G6N1T6P'),
    ('demo-06', '91371522MA3H8P3U7Y', '91371522MA3H8P3U4M'),
    ('demo-07', '91371524MA3J1Q6WXM', '91371524MA3J1Q6W6E'),
    ('demo-08', '91371525MA3K3R9X1Q', '91371525MA3K3R9X8E'),
    ('demo-09', '91371526MA3L5T2YXG', '91371526MA3L5T2Y9J'),
    ('demo-10', '91371502MA3M7U4A37', '91371502MA3M7U4AXP'),
    ('demo-11', '91371503MA3N9W7B57', '91371503MA3N9W7B44')
  ) AS f(id, old_code, new_code)
  WHERE d.id = f.id AND d.data->>'creditCode' = f.old_code::text;
  `,
  /* sql */ `
  -- Scope from the server's own records: firms laptops found in the field (proposals
  -- for the register), which firm each raised problem belongs to (so a follow-up can
  -- move only its own firm's problems), and each device's public key (it signs
  -- transfer files; nothing the server stores can sign in its place).
  CREATE TABLE proposed_firms (
    firm_id        text PRIMARY KEY,
    county_code    text NOT NULL,
    data           jsonb NOT NULL,
    account_id     text NOT NULL,
    first_visit_id uuid NOT NULL,
    proposed_at    timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE problem_firms (
    problem_id text PRIMARY KEY,
    firm_id    text NOT NULL
  );
  INSERT INTO problem_firms (problem_id, firm_id)
    SELECT DISTINCT ON (p->>'id') p->>'id', r.firm_id
    FROM visit_revisions r
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.answers->'problems') = 'array' THEN r.answers->'problems' ELSE '[]'::jsonb END) p
    WHERE r.kind = 'diagnosis' AND p->>'id' IS NOT NULL
    ORDER BY p->>'id', r.seq;
  ALTER TABLE devices ADD COLUMN public_key text;
  CREATE INDEX devices_account ON devices (account_id);
  `,
  /* sql */ `
  -- The register is keyed by credit code: an imported list finds its firms by it.
  ALTER TABLE directory_firms ADD COLUMN credit_code text;
  UPDATE directory_firms SET credit_code = NULLIF(data->>'creditCode', '');
  CREATE UNIQUE INDEX directory_firms_credit_code ON directory_firms (credit_code) WHERE credit_code IS NOT NULL;
  `,
  /* sql */ `
  -- Firms from the field: proposed firms sit in the register marked as such; each field
  -- remembers the version that last changed it (so edits of different fields merge);
  -- a laptop's id for a firm the register already had maps to the register's id; each
  -- change is applied once; edits of the same field are kept, both sides, as conflicts.
  ALTER TABLE directory_firms ADD COLUMN status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'proposed'));
  ALTER TABLE directory_firms ADD COLUMN field_versions jsonb NOT NULL DEFAULT '{}';
  ALTER TABLE directory_firms ADD COLUMN proposed_by text;
  CREATE TABLE firm_aliases (
    alias_id   text PRIMARY KEY,
    firm_id    text NOT NULL,
    account_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE firm_changes (
    change_id   uuid PRIMARY KEY,
    account_id  text NOT NULL,
    firm_id     text NOT NULL,
    result      jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE firm_conflicts (
    id             bigserial PRIMARY KEY,
    firm_id        text NOT NULL,
    field          text NOT NULL,
    register_value jsonb,
    proposed_value jsonb,
    change_id      uuid NOT NULL,
    account_id     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    resolved_at    timestamptz,
    resolved_by    text,
    kept           text CHECK (kept IN ('register', 'proposed'))
  );
  CREATE INDEX firm_conflicts_open ON firm_conflicts (firm_id) WHERE resolved_at IS NULL;
  `,
  /* sql */ `
  -- The key-firm list (重点培育企业动态管理): every change of a firm's tier or 专精特新
  -- level, with from, to, reason, who and when; an officer's request waits as proposed.
  CREATE TABLE firm_tier_changes (
    id          bigserial PRIMARY KEY,
    firm_id     text NOT NULL,
    field       text NOT NULL CHECK (field IN ('keyTier', 'zjtxLevel')),
    from_value  text NOT NULL,
    to_value    text NOT NULL,
    reason      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('proposed', 'applied', 'declined')),
    proposed_by text NOT NULL,
    proposed_at timestamptz NOT NULL DEFAULT now(),
    decided_by  text,
    decided_at  timestamptz
  );
  CREATE INDEX firm_tier_changes_firm ON firm_tier_changes (firm_id, id);
  CREATE INDEX firm_tier_changes_open ON firm_tier_changes (status) WHERE status = 'proposed';
  `,
  /* sql */ `
  -- Every piece of server state in the database, so any number of instances can share it:
  -- attachment bytes in chunks (as ODK Central keeps blobs), and the sign-in limits.
  CREATE TABLE attachment_chunks (
    attachment_id uuid    NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    start_offset  bigint  NOT NULL CHECK (start_offset >= 0),
    data          bytea   NOT NULL,
    PRIMARY KEY (attachment_id, start_offset)
  );
  CREATE TABLE sign_in_limits (
    key      text        PRIMARY KEY,
    attempts integer     NOT NULL,
    reset_at timestamptz NOT NULL
  );
  CREATE INDEX sign_in_limits_reset ON sign_in_limits (reset_at);
  `,
  /* sql */ `
  -- A problem's category as first raised: a follow-up may record bank progress (a financing
  -- case's step) only on a financing problem.
  ALTER TABLE problem_firms ADD COLUMN category text;
  UPDATE problem_firms pf SET category = first.category FROM (
    SELECT DISTINCT ON (p->>'id') p->>'id' AS problem_id, p->>'category' AS category
    FROM visit_revisions r
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.answers->'problems') = 'array' THEN r.answers->'problems' ELSE '[]'::jsonb END) p
    WHERE r.kind = 'diagnosis' AND p->>'id' IS NOT NULL
    ORDER BY p->>'id', r.seq
  ) first WHERE first.problem_id = pf.problem_id;
  `,
  // Events (活动) are pushed like visits but belong to no single firm: placed by the county
  // they were held in, their firms named in the answers.
  `
  ALTER TABLE visit_revisions ALTER COLUMN firm_id DROP NOT NULL;
  ALTER TABLE visit_revisions ADD CONSTRAINT visit_revisions_event_has_no_firm CHECK ((kind = 'event') = (firm_id IS NULL));
  `,
  // A firm change's content is kept as a hash beside its result: the same changeId with other
  // content is a laptop's bug, refused by name, never answered with the first content's result.
  /* sql */ `
  ALTER TABLE firm_changes ADD COLUMN content_hash char(64);
  `,
  // Passwords as 等保 2.0 asks (issue 29): when each was set, whether the next sign-in must
  // change it (a new account, a reset), and the hashes it may not go back to. Accounts in use
  // before keep working; their passwords count from the account's creation, so they expire.
  /* sql */ `
  ALTER TABLE accounts ADD COLUMN password_changed_at timestamptz;
  UPDATE accounts SET password_changed_at = created_at;
  ALTER TABLE accounts ALTER COLUMN password_changed_at SET NOT NULL;
  ALTER TABLE accounts ALTER COLUMN password_changed_at SET DEFAULT now();
  ALTER TABLE accounts ADD COLUMN must_change_password text CHECK (must_change_password IN ('first', 'reset'));
  CREATE TABLE password_history (
    account_id    text        NOT NULL REFERENCES accounts(id),
    password_hash text        NOT NULL,
    replaced_at   timestamptz NOT NULL
  );
  CREATE INDEX password_history_account ON password_history (account_id, replaced_at DESC);
  `,
  // A declined tier request carries the decider's reason: the officer who asked reads it on the firm's page.
  /* sql */ `
  ALTER TABLE firm_tier_changes ADD COLUMN decision_note text;
  `,
  // TOTP as a second factor (issue 29): the account's secret once enrolled, one pending while it
  // enrols, the last time step used (a code works once), and recovery codes kept as hashes.
  /* sql */ `
  ALTER TABLE accounts ADD COLUMN totp_secret text;
  ALTER TABLE accounts ADD COLUMN totp_pending_secret text;
  ALTER TABLE accounts ADD COLUMN totp_last_step bigint;
  ALTER TABLE accounts ADD COLUMN totp_enrolled_at timestamptz;
  CREATE TABLE recovery_codes (
    account_id text        NOT NULL REFERENCES accounts(id),
    code_hash  char(64)    NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (account_id, code_hash)
  );
  `,
  // The audit log (issue 28): one row per audited action, written in the action's transaction,
  // sealed afterwards into a keyed hash chain (server/audit/audit-seal.ts). The database itself
  // refuses to change a row (only its seal may be set, once), to truncate the table, and to
  // delete a row unless the table's owner runs the archive command on rows past the retention
  // floor of 180 days. An auditor role reads it and nothing else.
  /* sql */ `
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_role_check;
  ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('officer', 'supervisor', 'admin', 'auditor'));
  CREATE TABLE audit_log (
    id              bigserial   PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    account_id      text,
    username        text,
    role            text,
    device_id       text,
    address         text,
    action          text        NOT NULL,
    object          text,
    counties        jsonb,
    outcome         text        NOT NULL CHECK (outcome IN ('done', 'refused')),
    reason          text,
    detail          jsonb       NOT NULL DEFAULT '{}',
    laptop_event_id uuid        UNIQUE,
    laptop_at       timestamptz,
    chain_no        bigint      UNIQUE,
    prev_hash       char(64),
    hash            char(64)
  );
  CREATE INDEX audit_log_at ON audit_log (at);
  CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE chain_no IS NULL;
  CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $guard$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      IF OLD.chain_no IS NULL AND NEW.chain_no IS NOT NULL
         AND ROW(NEW.id, NEW.at, NEW.account_id, NEW.username, NEW.role, NEW.device_id, NEW.address, NEW.action, NEW.object, NEW.counties, NEW.outcome, NEW.reason, NEW.detail, NEW.laptop_event_id, NEW.laptop_at)
             IS NOT DISTINCT FROM ROW(OLD.id, OLD.at, OLD.account_id, OLD.username, OLD.role, OLD.device_id, OLD.address, OLD.action, OLD.object, OLD.counties, OLD.outcome, OLD.reason, OLD.detail, OLD.laptop_event_id, OLD.laptop_at) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log rows cannot be changed' USING ERRCODE = '42501';
    ELSIF TG_OP = 'DELETE' THEN
      IF current_setting('xunlian.audit_archive', true) = 'on'
         AND OLD.at < now() - interval '180 days'
         AND (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_log') = current_user THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_log rows younger than the retention period, or outside the archive command, cannot be deleted' USING ERRCODE = '42501';
    END IF;
    RAISE EXCEPTION 'audit_log cannot be truncated' USING ERRCODE = '42501';
  END
  $guard$;
  CREATE TRIGGER audit_log_no_edit BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
  `,
  // Each problem's current state and trail (issue 27), derived from the pushed visits by the rule
  // the laptops apply (shared/domain/problem-state.ts); officers pull the changes of their
  // counties by version. Existing visits are replayed once at the next start (server/problems/).
  /* sql */ `
  CREATE SEQUENCE problem_state_version;
  CREATE TABLE problem_state (
    problem_id      text    PRIMARY KEY,
    firm_id         text    NOT NULL,
    county_code     text    NOT NULL,
    raised_visit_id uuid    NOT NULL,
    status          text    NOT NULL,
    state           jsonb   NOT NULL,
    trail           jsonb   NOT NULL DEFAULT '[]',
    firm            jsonb,
    removed         boolean NOT NULL DEFAULT false,
    version         bigint  NOT NULL DEFAULT nextval('problem_state_version')
  );
  CREATE INDEX problem_state_version_idx ON problem_state (version);
  CREATE INDEX problem_state_county ON problem_state (county_code, version);
  CREATE INDEX problem_state_raised ON problem_state (raised_visit_id);
  CREATE TABLE problem_state_replay (pending boolean PRIMARY KEY);
  INSERT INTO problem_state_replay SELECT true WHERE EXISTS (SELECT 1 FROM visit_revisions);
  `,
  // Supervisors' decisions pushed from their laptops' outbox (issue 27), each once by its id: the
  // answer is kept (a retry gets it again), applied ones reach the people they concern by version.
  /* sql */ `
  CREATE SEQUENCE decision_version;
  CREATE TABLE decisions (
    id          uuid        PRIMARY KEY,
    account_id  text        NOT NULL,
    decided_by  text        NOT NULL,
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    firm_id     text,
    firm_name   text,
    county_code text,
    concerns    text,
    outcome     text,
    note        text,
    status      text        NOT NULL CHECK (status IN ('applied', 'rejected')),
    reasons     jsonb,
    replaced    jsonb,
    decided_at  timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    version     bigint      NOT NULL DEFAULT nextval('decision_version')
  );
  CREATE INDEX decisions_version ON decisions (version);
  CREATE INDEX decisions_subject ON decisions (kind, subject, version);
  `,
  // 包联 (issue 30): each register firm's responsible officer, and every change of it. The
  // officer is a column of its own so a register import (which rewrites `data`) keeps it; the
  // directory pull adds it to what laptops receive. The bureau's visit cadence by tier is a
  // reference list laptops pull (kind visit_cadence), seeded with monthly / two-monthly / quarterly.
  /* sql */ `
  ALTER TABLE directory_firms ADD COLUMN officer_id text REFERENCES accounts(id);
  ALTER TABLE directory_firms ADD COLUMN officer_since date;
  CREATE INDEX directory_firms_officer ON directory_firms (officer_id) WHERE officer_id IS NOT NULL;
  CREATE TABLE firm_assignments (
    id          bigserial   PRIMARY KEY,
    firm_id     text        NOT NULL,
    from_officer text       REFERENCES accounts(id),
    to_officer  text        REFERENCES accounts(id),
    assigned_by text        NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    reason      text        NOT NULL,
    via         text        NOT NULL CHECK (via IN ('online', 'import'))
  );
  CREATE INDEX firm_assignments_firm ON firm_assignments (firm_id, id);
  -- A supervisor's review belongs to one revision of a visit (decisions of kind visit.review).
  ALTER TABLE decisions ADD COLUMN revision integer;
  -- The day of each firm's latest visit by anyone: a new officer's due list counts from it.
  ALTER TABLE directory_firms ADD COLUMN last_visit_date date;
  UPDATE directory_firms d SET last_visit_date = v.latest
  FROM (SELECT firm_id, max((answers->>'visitDate')::date) AS latest FROM visit_revisions
        WHERE firm_id IS NOT NULL AND kind <> 'event' AND answers->>'visitDate' ~ '^\\d{4}-\\d{2}-\\d{2}$' GROUP BY firm_id) v
  WHERE d.id = v.firm_id;
  INSERT INTO directory_reference (kind, code, data) VALUES
    ('visit_cadence', 'key', '{"kind":"visit_cadence","code":"key","name":"重点企业","group":"","sort":0,"active":true,"detail":{"days":30}}'),
    ('visit_cadence', 'cultivated', '{"kind":"visit_cadence","code":"cultivated","name":"培育企业","group":"","sort":1,"active":true,"detail":{"days":60}}'),
    ('visit_cadence', 'none', '{"kind":"visit_cadence","code":"none","name":"其他企业","group":"","sort":2,"active":true,"detail":{"days":90}}');
  `,
  // Demands (issue 31): the bureau's work calendar, seeded with the State Council schedules this
  // version knows, and the deadlines in working days by urgency (1, 3 and 15), both reference
  // lists laptops pull. Problems keep their state; a resolved one has no call-back (counted as
  // 办结, marked so, left out of the satisfaction rate).
  demandSeedSql(),
];

/** Brings the store to `target` (the latest unless a migration test stops short). */
export const MIGRATION_LOCK_KEY = 7_411_090; // any constant; every Xunlian instance takes the same one

export const LATEST_SERVER_SCHEMA = MIGRATIONS.length;

export async function migrateServerStore(client: SqlClient, target = MIGRATIONS.length): Promise<void> {
  await client.transaction(async (tx) => {
    // Instances starting together on one database take turns: the first migrates, the rest find it done.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    // Looked up, not created blindly: a server running as a role that does not own the schema
    // (the audit log's guard on PostgreSQL) may not CREATE, even a table that already exists.
    const present = (await tx.query<{ present: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS present")).rows[0]?.present;
    if (!present) await tx.exec('CREATE TABLE schema_version (version integer NOT NULL)');
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) throw new Error(`Server database schema ${current} is newer than this server (${MIGRATIONS.length}). Refusing to start.`);
    if (current >= target) return;
    for (let v = current; v < target; v++) await tx.exec(MIGRATIONS[v]!);
    if (rows.length === 0) await tx.query('INSERT INTO schema_version (version) VALUES ($1)', [target]);
    else await tx.query('UPDATE schema_version SET version = $1', [target]);
  });
}

function demandSeedSql(): string {
  const rows = [
    ...STATE_COUNCIL_CALENDARS.flatMap((y) => y.days.map((d) => ({ kind: CALENDAR_KIND, code: d.date, name: d.name, group: String(y.year), sort: 0, active: true, detail: { type: d.type, name: d.name, source: y.source } }))),
    ...URGENCIES.map((u, sort) => ({ kind: LIMITS_KIND, code: u, name: u, group: '', sort, active: true, detail: DEFAULT_LIMITS })),
  ];
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `INSERT INTO directory_reference (kind, code, data) VALUES\n${rows.map((r) => `(${quote(r.kind)}, ${quote(r.code)}, ${quote(JSON.stringify(r))})`).join(',\n')};`;
}
