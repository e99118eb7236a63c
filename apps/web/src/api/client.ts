import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiError } from './api-error';
import { tokens } from '../auth/tokens';

export type Schemas = components['schemas'];

/**
 * The typed client of the Tongban API, generated from its OpenAPI document
 * (`npm run build:web` exports it and generates `schema.d.ts`), so a change
 * in the API breaks this build rather than a user's screen.
 *
 * Every request carries the access token; a 401 on a signed-in session is
 * answered by one refresh (shared by concurrent requests) and one retry.
 */
async function authorizedFetch(request: Request): Promise<Response> {
  const sending = send(request);
  inFlight.add(sending);
  return sending.finally(() => inFlight.delete(sending));
}

/** Requests sent and not yet answered. */
const inFlight = new Set<Promise<Response>>();

/** Resolves once every request already sent has its answer (sign-out waits for them before revoking the session). */
export async function requestsSettled(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

async function send(request: Request): Promise<Response> {
  if (signedOut(request)) return refusedHere();
  const retry = request.clone();
  const response = await fetch(withToken(request));
  if (response.status !== 401 || isAuthRoute(request) || !tokens.canRefresh()) return response;
  const refreshed = await tokens.refresh();
  return refreshed ? fetch(withToken(retry)) : response;
}

function withToken(request: Request): Request {
  const accessToken = tokens.accessToken();
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
  return request;
}

/**
 * Signed out, with nothing to refresh: the server could only refuse this
 * request. A query whose timer fires in the moment between sign-out and the
 * screen going away asks anyway; it is answered here, off the network.
 */
function signedOut(request: Request): boolean {
  return !isAuthRoute(request) && !request.headers.has('Authorization') && !tokens.accessToken() && !tokens.canRefresh();
}

/** The API's own answer to a request without a token. */
function refusedHere(): Response {
  const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' };
  return new Response(JSON.stringify(problem), { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
}

function isAuthRoute(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return path === '/api/v1/auth/login' || path === '/api/v1/auth/refresh';
}

export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch });

/** What an openapi-fetch call answers: its data or its error, and the response. */
export interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; a problem+json answer becomes an {@link ApiError}. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.from(response, error);
  return data as T;
}

/**
 * A request the typed client does not make: a binary body or answer (a
 * photo), or a route of api.md the generated schema does not list yet. It
 * carries the token and is refreshed like every other call; a problem+json
 * answer becomes an {@link ApiError}.
 */
export async function apiRequest(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await authorizedFetch(new Request(new URL(`/api/v1${path}`, window.location.origin), init));
  if (response.ok) return response;
  const body: unknown = await response.json().catch(() => null);
  throw ApiError.from(response, body);
}

/** {@link apiRequest} for a JSON answer (`undefined` for a 204). */
export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const response = await apiRequest(path, { ...init, headers });
  return (response.status === 204 ? undefined : await response.json()) as T;
}
