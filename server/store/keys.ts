/** Every Redis key Pantau uses, built in one place under the `pantau:` prefix. */
const prefix = 'pantau:';
export const keys = {
  prefix,
  doc: (coll: string) => `${prefix}doc:${coll}`,
  ver: (coll: string) => `${prefix}ver:${coll}`,
  events: `${prefix}events`,
  value: (key: string) => `${prefix}v:${key}`,
  zset: (set: string) => `${prefix}z:${set}`,
  hash: (name: string) => `${prefix}h:${name}`,
  lease: (key: string) => `${prefix}lease:${key}`,
  /** A lexicographic index (sorted set, all scores 0) and, per collection, each document's entries in it. */
  index: (name: string) => `${prefix}x:${name}`,
  indexed: (coll: string) => `${prefix}xm:${coll}`,
  channel: (name: string) => `${prefix}ch:${name}`,
};
