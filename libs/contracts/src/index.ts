export * from './envelope.js';
export * from './registry.js';
