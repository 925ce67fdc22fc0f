import type { Condition, Evidence, FailureReason, HttpCheck } from '../../shared/schemas/index.js';

/** What an HTTP probe saw, before it is judged. */
export interface HttpObservation {
  statusCode: number;
  finalUrl: string;
  body: string;
  totalMs: number;
  tlsDaysLeft: number | null;
}

/** The verdict on a set of conditions: the first failing one decides the status and reason. */
export interface Verdict {
  status: Evidence['status'];
  reason: FailureReason | null;
  message: string;
  conditions: Condition[];
}

interface Judged extends Condition {
  /** What a failure of this condition means. */
  fails: { status: 'down' | 'degraded'; reason: FailureReason };
}

/** `200-299`, or the listed codes. */
export function expectedStatusText(expect: number[] | undefined): string {
  return expect ? expect.join(',') : '200-299';
}

/** Reads a dotted path (`a.b[0].c`, optional leading `$.`) out of parsed JSON; `undefined` when absent. */
export function readJsonPath(value: unknown, path: string): unknown {
  const tokens = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((t): t is string => t !== undefined && t !== '');
  let cur: unknown = value;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? (cur as unknown[])[Number(t)] : (cur as Record<string, unknown>)[t];
  }
  return cur;
}

function jsonConditions(check: HttpCheck, body: string): Judged[] {
  if (check.jsonPath === undefined) return [];
  const fails = { status: 'down', reason: 'json' } as const;
  const expected = check.jsonEquals !== undefined ? JSON.stringify(check.jsonEquals) : 'present';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [{ name: `json ${check.jsonPath}`, ok: false, actual: 'body is not JSON', expected, fails }];
  }
  const v = readJsonPath(parsed, check.jsonPath);
  const actual = v === undefined ? 'missing' : JSON.stringify(v);
  const ok = v !== undefined && (check.jsonEquals === undefined || actual === expected);
  return [{ name: `json ${check.jsonPath}`, ok, actual: actual.slice(0, 200), expected, fails }];
}

/** Judges an HTTP observation against its check, most serious failure first. */
export function judgeHttp(check: HttpCheck, o: HttpObservation): Verdict {
  const down = (reason: FailureReason) => ({ status: 'down', reason }) as const;
  const degraded = (reason: FailureReason) => ({ status: 'degraded', reason }) as const;
  const conditions: Judged[] = [];
  if (check.mustNotEndAt !== undefined) {
    const ok = !new RegExp(check.mustNotEndAt).test(o.finalUrl);
    conditions.push({
      name: 'final url',
      ok,
      actual: o.finalUrl,
      expected: `not matching ${check.mustNotEndAt}`,
      fails: down('redirect'),
    });
  }
  const statusOk = check.expectStatus
    ? check.expectStatus.includes(o.statusCode)
    : o.statusCode >= 200 && o.statusCode <= 299;
  conditions.push({
    name: 'status',
    ok: statusOk,
    actual: o.statusCode,
    expected: expectedStatusText(check.expectStatus),
    fails: down('status'),
  });
  if (check.bodyContains !== undefined) {
    const ok = o.body.includes(check.bodyContains);
    conditions.push({
      name: 'body contains',
      ok,
      actual: ok ? 'found' : 'not found',
      expected: JSON.stringify(check.bodyContains),
      fails: down('body'),
    });
  }
  if (check.bodyNotContains !== undefined) {
    const ok = !o.body.includes(check.bodyNotContains);
    conditions.push({
      name: 'body does not contain',
      ok,
      actual: ok ? 'absent' : 'found',
      expected: JSON.stringify(check.bodyNotContains),
      fails: down('body'),
    });
  }
  if (check.bodyRegex !== undefined) {
    const ok = new RegExp(check.bodyRegex).test(o.body);
    conditions.push({
      name: 'body matches',
      ok,
      actual: ok ? 'matched' : 'no match',
      expected: `/${check.bodyRegex}/`,
      fails: down('body'),
    });
  }
  conditions.push(...jsonConditions(check, o.body));
  if (o.tlsDaysLeft !== null) {
    const ok = o.tlsDaysLeft >= check.tlsMinDaysLeft;
    conditions.push({
      name: 'certificate days left',
      ok,
      actual: o.tlsDaysLeft,
      expected: `>= ${check.tlsMinDaysLeft}`,
      fails: degraded('cert_expiring'),
    });
  }
  if (check.degradedAboveMs !== undefined) {
    const ok = o.totalMs <= check.degradedAboveMs;
    conditions.push({
      name: 'response time ms',
      ok,
      actual: Math.round(o.totalMs),
      expected: `<= ${check.degradedAboveMs}`,
      fails: degraded('slow'),
    });
  }
  const failed = conditions.find((c) => !c.ok && c.fails.status === 'down') ?? conditions.find((c) => !c.ok);
  const plain = conditions.map(({ fails: _f, ...c }) => c);
  if (!failed)
    return {
      status: 'up',
      reason: null,
      message: `HTTP ${o.statusCode} in ${Math.round(o.totalMs)} ms`,
      conditions: plain,
    };
  return {
    status: failed.fails.status,
    reason: failed.fails.reason,
    message: conditionText(failed),
    conditions: plain,
  };
}

/** `status 503, expected 200-299`. */
export function conditionText(c: Condition): string {
  return `${c.name} ${String(c.actual)}, expected ${c.expected}`.slice(0, 500);
}
