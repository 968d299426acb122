import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Language } from './localized.js';

export interface RequestContextData {
  requestId: string;
  /** Propagated to events (envelope `correlationId`) and upstream calls. */
  correlationId: string;
  language: Language;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller-provided request id when it is a plain token, otherwise makes a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}
