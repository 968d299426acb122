export * from './transport-contract.js';
export * from './transport-from-env.js';
