import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Real servers on 127.0.0.1 that misbehave on purpose, counting the requests each path gets. */
export interface Targets {
  base: string;
  /** A port where something accepts connections and never says a word. */
  hungPort: number;
  hits: (p: string) => number;
  /** Makes `p` answer with `status` from now on (for flipping a healthy target to failing). */
  setStatus: (p: string, status: number) => void;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts the HTTP target and the hung socket. */
export async function startTargets(): Promise<Targets> {
  const hits = new Map<string, number>();
  const overrides = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    const forced = overrides.get(p);
    if (forced !== undefined) return send(forced, `forced ${forced}`);
    if (p === '/slow') return void setTimeout(() => send(200, 'lambat tapi hidup'), 400);
    if (p === '/500') return send(500, 'Internal Server Error');
    if (p === '/old-site') return send(302, '', { location: '/hop' });
    if (p === '/hop') return send(301, '', { location: `http://127.0.0.1:${port}/portal/opd` });
    if (p === '/portal/opd') return send(200, '<h1>Daftar Perangkat Daerah</h1>');
    if (p === '/loop') return send(302, '', { location: '/loop' });
    if (p === '/json')
      return send(200, JSON.stringify({ status: { db: 'down', items: [{ ok: true }] } }), {
        'content-type': 'application/json',
      });
    return send(200, '<h1>Dinas Kesehatan Kota Balikpapan</h1>');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  const hung = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const hungPort = await listen(hung);
  return {
    base: `http://127.0.0.1:${port}`,
    hungPort,
    hits: (p) => hits.get(p) ?? 0,
    setStatus: (p, status) => overrides.set(p, status),
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([closeServer(server), closeServer(hung)]);
    },
  };
}

/** A self-signed certificate for 127.0.0.1 made with openssl at test time. */
export interface TestCert {
  cert: string;
  key: string;
}

const subject = ['-subj', '/CN=127.0.0.1 Pantau test', '-addext', 'subjectAltName=IP:127.0.0.1'];

/** `openssl req -x509`: valid from now for `days` days. */
export function certValidFor(days: number): TestCert {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${dir}/k.pem`,
        '-out',
        `${dir}/c.pem`,
        '-days',
        String(days),
        ...subject,
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(`${dir}/c.pem`, 'utf8'), key: readFileSync(`${dir}/k.pem`, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A certificate that expired on 2020-02-01. `openssl req -x509` (OpenSSL 3.0) only takes a positive
 * `-days`, so the request is self-signed with `openssl ca -selfsign`, which accepts explicit dates.
 */
export function certExpired(): TestCert {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-cert-'));
  try {
    writeFileSync(`${dir}/index.txt`, '');
    writeFileSync(`${dir}/serial`, '01\n');
    writeFileSync(
      `${dir}/ca.cnf`,
      [
        '[ca]',
        'default_ca = d',
        '[d]',
        `database = ${dir}/index.txt`,
        `new_certs_dir = ${dir}`,
        `serial = ${dir}/serial`,
        'default_md = sha256',
        'policy = p',
        'copy_extensions = copy',
        '[p]',
        'commonName = supplied',
        '[ext]',
        'subjectAltName = IP:127.0.0.1',
        '',
      ].join('\n'),
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${dir}/k.pem`,
        '-out',
        `${dir}/r.csr`,
        '-subj',
        '/CN=127.0.0.1 Pantau expired',
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'ca',
        '-selfsign',
        '-batch',
        '-notext',
        '-config',
        `${dir}/ca.cnf`,
        '-extensions',
        'ext',
        '-keyfile',
        `${dir}/k.pem`,
        '-in',
        `${dir}/r.csr`,
        '-out',
        `${dir}/c.pem`,
        '-startdate',
        '20200101000000Z',
        '-enddate',
        '20200201000000Z',
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(`${dir}/c.pem`, 'utf8'), key: readFileSync(`${dir}/k.pem`, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server with `cert` answering 200 everywhere. */
export async function startTlsTarget(cert: TestCert): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('aman');
  });
  const port = await listen(server);
  return { url: `https://127.0.0.1:${port}/`, close: () => closeServer(server) };
}
