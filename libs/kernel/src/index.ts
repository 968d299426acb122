export * from './localized.js';
export * from './domain-error.js';
export * from './validation.js';
export * from './health-report.js';
export * from './request-context.js';
export * from './deep-equal.js';
export * from './config.js';
