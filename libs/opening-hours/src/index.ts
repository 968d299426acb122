export * from './brussels-time.js';
export * from './opening-hours.js';
export * from './opening-hours.rules.js';
export * from './free-text-hours.js';
export * from './open-intervals.js';
