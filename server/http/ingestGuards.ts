import type { RequestHandler } from 'express';
import type { Store } from '../store/store.js';
import { HttpError, UnavailableError } from '../errors.js';

/** 415 unless the body is one of `types`. */
export function requireContentType(...types: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.is(types)) {
      return next(new HttpError(415, 'unsupported_media_type', `Send the body as ${types.join(' or ')}.`));
    }
    next();
  };
}

/** 503 with Retry-After while the store cannot accept writes: never accept what cannot be kept. */
export function requireStore(store: Store): RequestHandler {
  return (_req, _res, next) => next(store.isReady() ? undefined : new UnavailableError());
}
