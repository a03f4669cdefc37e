// A minimal Node (node-postgres `pg`) client of tenantdb, following the tenant-context contract.
//
// Connection: the libpq environment node-postgres reads itself (PGHOST, PGPORT, PGUSER,
// PGDATABASE, PGPASSWORD). Tenants and acting persons: TENANT_A, USER_A, TENANT_B, USER_B
// (USER_* empty for the service role). POOLED=1 when connecting through PgBouncer in transaction
// mode: then no named (server-side prepared) statements. LOAD_WORKERS / LOAD_TRANSACTIONS > 0 add
// a concurrent load with errors and rollbacks. Prints `result <name> <value>` lines.
'use strict';
const { Client, Pool } = require('pg');

// The contract, in one place: the first statement of every transaction (transaction-local).
const SET_CONTEXT = "SELECT app.set_context($1::uuid, NULLIF($2::text, '')::uuid)";  // '' user: no person (service role)

const USERS_SQL = 'SELECT tenant_id::text AS tenant_id FROM app.users';
const INSERT_SQL = 'INSERT INTO app.users (tenant_id, email, display_name) VALUES ($1, $2, $3)';
const POOLED = process.env.POOLED === '1';

const result = (name, value) => console.log(`result ${name} ${value}`);

// One transaction with the context set first; rolls back on any error and rethrows it.
async function inTenant(client, tenant, user, body) {
  await client.query('BEGIN');
  try {
    if (tenant !== null) await client.query(SET_CONTEXT, [tenant, user]);
    const out = await body();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function sqlstateOf(client, tenant, user, text, values) {
  try {
    await inTenant(client, tenant, user, () => client.query(text, values));
    return 'ok';
  } catch (err) {
    return err.code || '?';
  }
}

async function checks(client, [ta, ua], [tb, ub]) {
  for (const [label, tenant, user] of [['a', ta, ua], ['b', tb, ub]]) {
    const { rows } = await inTenant(client, tenant, user, () => client.query(USERS_SQL));
    result(`rows_${label}`, rows.length);
    result(`foreign_${label}`, rows.filter((r) => r.tenant_id !== tenant).length);
  }
  result('cross_write', await sqlstateOf(client, ta, ua, INSERT_SQL, [tb, 'intruder@example.invalid', 'Intruder']));
  // No context: a read fails loudly (42501), never an empty result.
  result('no_context_read', await sqlstateOf(client, null, null, 'SELECT count(*) FROM app.users', []));
  result('no_context_write', await sqlstateOf(client, null, null, INSERT_SQL, [ta, 'nobody@example.invalid', 'Nobody']));
  result('malformed', await sqlstateOf(client, 'not-a-uuid', ua, 'SELECT count(*) FROM app.users', []));
  // The same statement after a context switch: a named (server-side prepared) statement when
  // direct; behind PgBouncer < 1.21 in transaction mode only unnamed statements are safe.
  const query = POOLED ? { text: USERS_SQL } : { name: 'visible_users', text: USERS_SQL };
  const a = await inTenant(client, ta, ua, () => client.query(query));
  const b = await inTenant(client, tb, ub, () => client.query(query));
  result('prepared_a', a.rows.length);
  result('prepared_b', b.rows.length);
  result('prepared_foreign', a.rows.filter((r) => r.tenant_id !== ta).length + b.rows.filter((r) => r.tenant_id !== tb).length);
}

// A tiny deterministic generator, so a run can be repeated.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

async function load(people, workers, transactions) {
  const pool = new Pool({ max: workers });
  const stats = { transactions: 0, cross_tenant: 0, bleed: 0, errors: 0, unexpected: 0 };
  const worker = async (n) => {
    const random = rng(n + 1);
    for (let i = 0; i < transactions; i += 1) {
      const [tenant, user] = people[Math.floor(random() * people.length)];
      const fate = random();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (fate < 0.1) { // no context: no setting, and a read must fail with 42501 (a result would be bleed)
          const s = await client.query("SELECT coalesce(current_setting('app.tenant_id', true), '') AS t");
          if (s.rows[0].t !== '') stats.bleed += 1;
          try {
            await client.query('SELECT count(*) FROM app.users');
            stats.bleed += 1;
          } catch (err) {
            if (err.code !== '42501') throw err;
          }
          await client.query('ROLLBACK');
          continue;
        }
        await client.query(SET_CONTEXT, [tenant, user]);
        const { rows } = await client.query(USERS_SQL);
        stats.transactions += 1;
        if (rows.some((r) => r.tenant_id !== tenant)) stats.cross_tenant += 1;
        if (fate < 0.2) await client.query('SELECT 1 / 0');
        await client.query(fate < 0.3 ? 'ROLLBACK' : 'COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        if (err.code === '22012') stats.errors += 1; else { stats.unexpected += 1; console.error(err.message); }
      } finally {
        client.release();
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));
  await pool.end();
  for (const [key, value] of Object.entries(stats)) result(`load_${key}`, value);
}

async function main() {
  const a = [process.env.TENANT_A, process.env.USER_A || ''];
  const b = [process.env.TENANT_B, process.env.USER_B || ''];
  const client = new Client();
  await client.connect();
  try {
    await checks(client, a, b);
  } finally {
    await client.end();
  }
  const workers = Number(process.env.LOAD_WORKERS || 0);
  const transactions = Number(process.env.LOAD_TRANSACTIONS || 0);
  if (workers && transactions) await load([a, b], workers, transactions);
}

main().catch((err) => { console.error(err); process.exit(1); });
