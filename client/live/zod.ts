/**
 * zod for the browser: its JIT fast path probes `new Function`, which our CSP (no 'unsafe-eval')
 * refuses and reports as a violation. Every client module takes `z` from here, never from 'zod'.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
