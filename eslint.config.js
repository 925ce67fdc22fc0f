// Lint: typed rules, no `any`, no floating promises, and the import direction client → shared ← server.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const frameworks = [
  'express',
  'socket.io',
  'socket.io-client',
  'ioredis',
  'redis',
  'react',
  'react-dom',
  'maplibre-gl',
  'pino',
  'prom-client',
  '@socket.io/*',
];

const serverPatterns = [
  {
    group: ['**/client/**', 'react', 'react-dom', 'maplibre-gl'],
    message: 'server/ may import shared/, never client/',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'client/dist/**', 'dist/**', 'bench/results/**', 'client/public/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: frameworks, message: 'shared/ imports no framework' },
            {
              group: ['**/server/**', '**/client/**', 'node:*'],
              message: 'shared/ imports neither server/, client/ nor Node built-ins',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'import z from client/live/zod.js (jitless, CSP-safe)' }],
          patterns: [
            {
              group: ['**/server/**', 'express', 'ioredis', 'pino'],
              message: 'client/ may import shared/, never server/',
            },
          ],
        },
      ],
    },
  },
  { files: ['client/live/zod.ts'], rules: { 'no-restricted-imports': 'off' } },
  // The rules of hooks (and the React Compiler's checks) on every screen; exhaustive deps is an error here.
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverPatterns }] },
  },
  // Import direction inside server/: the store knows documents, not domains or HTTP; auth knows
  // nothing of realtime (the hub implements auth's Revoker).
  {
    files: ['server/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...serverPatterns,
            {
              group: [
                ...[
                  'http',
                  'incidents',
                  'alerts',
                  'health',
                  'usage',
                  'auth',
                  'realtime',
                  'catalog',
                  'ops',
                  'demo',
                ].map((d) => `../${d}/**`),
                '../context.js',
                '../app.js',
                '../main.js',
                '../config.js',
              ],
              message:
                'server/store imports no domain, no http and no wiring (only ../errors.js, ../logger.js and shared/)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...serverPatterns,
            {
              group: ['../realtime/**'],
              message: 'auth knows nothing of realtime: take a Revoker (auth/revocation.ts)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'tests/**', 'server/cli.ts'],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
