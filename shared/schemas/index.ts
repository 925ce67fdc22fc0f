/** All shared zod schemas; import from here. */
export * from './common.js';
export * from './agency.js';
export * from './service.js';
export * from './check.js';
export * from './health.js';
export * from './incident.js';
export * from './usage.js';
export * from './alert.js';
export * from './live.js';
export * from './reference.js';
export * from './scorecard.js';
export * from './adoption.js';
export * from './routing.js';
export * from './policy.js';
export * from './silence.js';
export * from './operations.js';
export * from './account.js';
