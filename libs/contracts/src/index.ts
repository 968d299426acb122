export * from './envelope.js';
export * from './registry.js';
export * from './event-docs.js';
