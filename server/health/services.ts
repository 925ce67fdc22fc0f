import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { HttpCheckSchema, ServiceSchema, type Check, type Service } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Ctx } from '../context.js';

/** A services file: `{ services: [...] }`; entries default to `verified: true` (the operator vouches for them). */
const ServicesFileSchema = z
  .object({ services: z.array(ServiceSchema.extend({ verified: z.boolean().default(true) }).strict()) })
  .strict();

/** Reads and validates a services file (YAML or JSON). Errors name the file, the path and the problem. */
export function loadServicesFile(file: string, agencyIds: ReadonlySet<string>): Service[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(
      `${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  const r = ServicesFileSchema.safeParse(raw);
  const problems = r.success
    ? []
    : r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  if (r.success) {
    const seen = new Set<string>();
    r.data.services.forEach((s, i) => {
      if (!agencyIds.has(s.agencyId))
        problems.push(`${file}: services.${i}.agencyId: unknown agency "${s.agencyId}"`);
      if (seen.has(s.id)) problems.push(`${file}: services.${i}.id: duplicate id "${s.id}"`);
      seen.add(s.id);
    });
  }
  if (problems.length || !r.success)
    throw new Error(`invalid services file ${path.resolve(file)}:\n${problems.join('\n')}`);
  return r.data.services;
}

/**
 * The check a service gets when it names none: an HTTP check on its URL for websites and apps,
 * with integrity checks for websites when `integrity` (the shipped catalogue's).
 */
export function defaultCheck(s: Service, opts: { integrity?: boolean } = {}): Check | null {
  if (s.check) return s.check;
  if (!s.url || (s.kind !== 'website' && s.kind !== 'app')) return null;
  const integrity = opts.integrity && s.kind === 'website' ? { integrity: {} } : {};
  return HttpCheckSchema.parse({ type: 'http', url: s.url, ...integrity });
}

/** The catalogue with the services file merged in, and the checks to schedule per service id. */
export interface ServicePlan {
  catalog: Catalog;
  checks: Map<string, Check>;
}

/**
 * Merges `PANTAU_SERVICES_FILE` into the catalogue (same id replaces) and decides what is probed:
 * file services always; the built-in catalogue only with `probes` (`PANTAU_PROBES=1`), since its
 * URLs are unverified — its websites then with integrity checks too (a file service asks for them
 * with `integrity: {}`). Check definitions stay out of the catalogue, which is sent to every screen
 * (headers may carry credentials).
 */
export function planServices(
  base: Catalog,
  opts: { servicesFile: string | undefined; probes: boolean },
): ServicePlan {
  const fromFile = opts.servicesFile
    ? loadServicesFile(opts.servicesFile, new Set(base.agencies.map((a) => a.id)))
    : [];
  const fileIds = new Set(fromFile.map((s) => s.id));
  const merged = [...base.services.filter((s) => !fileIds.has(s.id)), ...fromFile];
  const checks = new Map<string, Check>();
  for (const s of merged) {
    const check = defaultCheck(s, { integrity: !fileIds.has(s.id) });
    if (check && (fileIds.has(s.id) || opts.probes)) checks.set(s.id, check);
  }
  const services = merged.map(({ check: _c, ...s }) => s);
  return { catalog: { ...base, services, serviceById: new Map(services.map((s) => [s.id, s])) }, checks };
}

const checksByCtx = new WeakMap<Ctx, ReadonlyMap<string, Check>>();

/** Makes a plan's checks known to the routers of `ctx` (set once by main at start). */
export function attachChecks(ctx: Ctx, checks: ReadonlyMap<string, Check>): void {
  checksByCtx.set(ctx, checks);
}

/** The checks scheduled for `ctx`'s services (empty when none were attached). */
export function checksOf(ctx: Ctx): ReadonlyMap<string, Check> {
  return checksByCtx.get(ctx) ?? new Map<string, Check>();
}
