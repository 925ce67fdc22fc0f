import type { FailureReason } from '../../shared/schemas/index.js';

/** A probe failure with the reason it stands for. */
export class ProbeError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}
