// PostgreSQL ending the server's idle pooled connections (a restart, an admin's
// pg_terminate_backend, a dropped database's FORCE) must not end the server: the pool drops them
// and the next request gets a fresh connection.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { request, startHarness } from './harness';

describe.skipIf(!process.env.DATABASE_URL)('idle PostgreSQL connections ended under the server', () => {
  it('the server keeps answering after PostgreSQL terminates its idle connections', async () => {
    const h = await startHarness();
    try {
      expect((await request(h.url, 'GET', '/health')).status).toBe(200);
      const c = new pg.Client({ connectionString: h.databaseUrl });
      await c.connect();
      const ended = await c.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) t');
      await c.end();
      expect(ended.rows[0].n).toBeGreaterThan(0);
      // The pool's clients hear of it as their sockets close.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const login = await request(h.url, 'POST', '/admin/login', { username: 'admin', password: 'wrong-password-1' });
      expect(login.status).toBe(401);
    } finally {
      await h.close();
    }
  }, 60_000);
});
