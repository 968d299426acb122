export * from './test-database.js';
export * from './skip.js';
export * from './wait-for.js';
export * from './prometheus.js';
export * from './processes.js';
