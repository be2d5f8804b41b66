import type Koa from 'koa';
import type { ServiceDeps } from '../services/deps';
import type { Principal } from '../auth/principal';
import type { PrincipalCache } from '../auth/principal-cache';
import type { Logger } from '../logger';

// What route handlers may use: the services' dependencies and the API's own principal cache, injected once when
// the app is built.
export type ApiDeps = ServiceDeps & { principals: PrincipalCache };

export interface ApiState {
  requestId: string;
  log: Logger;
  principal?: Principal;
  sessionId?: string;
}

export type ApiContext = Koa.ParameterizedContext<ApiState> & { deps: ApiDeps };
