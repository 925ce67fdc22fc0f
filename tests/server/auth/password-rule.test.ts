import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config.js';
import { PasswordSchema } from '../../../shared/schemas/index.js';
import { login, type Session } from '../../helpers/api.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/** One password rule (shared/schemas PasswordSchema) for users made through the API and the first admin. */
describe('the password rule', () => {
  let server: TestServer;
  let admin: Session;
  beforeAll(async () => {
    server = await startServer();
    admin = await login(server.baseUrl);
  });
  afterAll(() => server?.stop());

  const short = 'elevenchars'; // 11
  const long = 'twelve-chars'; // 12

  it('is the same for PANTAU_ADMIN_PASSWORD as for a user created or changed through the API', async () => {
    expect(PasswordSchema.safeParse(short).success).toBe(false);
    expect(PasswordSchema.safeParse(long).success).toBe(true);
    const bad = parseConfig({ PANTAU_ADMIN_PASSWORD: short });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/PANTAU_ADMIN_PASSWORD: at least 12 characters/);
    expect(parseConfig({ PANTAU_ADMIN_PASSWORD: long }).ok).toBe(true);

    const refused = await admin.request('POST', '/api/v1/users', {
      username: 'pw-short',
      password: short,
      role: 'operator',
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/at least 12 characters/);
    const made = await admin.request('POST', '/api/v1/users', {
      username: 'pw-long',
      password: long,
      role: 'operator',
    });
    expect(made.status).toBe(201);
    const id = (made.body as { data: { id: string } }).data.id;
    expect((await admin.request('PATCH', `/api/v1/users/${id}`, { password: short })).status).toBe(400);
  });
});
