import type { CommitResult } from './store.js';
import { ConflictError } from '../errors.js';

/**
 * Runs read-decide-commit until the commit wins (optimistic concurrency). `attempt` returns
 * the commit result plus the value to hand back; a lost race re-reads and decides again.
 */
export async function commitWithRetry<T>(
  attempt: () => Promise<{ result: CommitResult; value: T }>,
  tries = 8,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const { result, value } = await attempt();
    if (result.ok) return value;
  }
  throw new ConflictError('Too many concurrent changes; retry.');
}
