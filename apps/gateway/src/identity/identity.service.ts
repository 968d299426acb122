import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { CredentialsStore } from './credentials.store.js';
import { AnonymousStrategy, ApiKeyStrategy, BearerStrategy, STRATEGY_ORDER } from './passport.strategies.js';
import type { Principal } from './principal.js';
import { TokensService } from './tokens.service.js';

/** Identifies the caller of a request with passport (its own instance: no global state). */
@Injectable()
export class IdentityService {
  private readonly passport = new Passport();

  constructor(tokens: TokensService, credentials: CredentialsStore) {
    this.passport.use(new BearerStrategy(tokens));
    this.passport.use(new ApiKeyStrategy(credentials));
    this.passport.use(new AnonymousStrategy());
  }

  identify(req: Request, res: Response): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const authenticate = this.passport.authenticate(STRATEGY_ORDER, { session: false }, (error: unknown, user: Principal | false) => {
        if (error) reject(error);
        else if (!user) reject(new Error('no strategy accepted the request'));
        else resolve(user);
      });
      authenticate(req, res, reject);
    });
  }
}
