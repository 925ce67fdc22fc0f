import { pino, type Logger } from 'pino';

/** Creates the one structured logger; secrets are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'pantau' },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'key',
        '*.key',
        'req.headers.authorization',
        'req.headers.cookie',
        'csrfToken',
      ],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
