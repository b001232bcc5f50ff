// The client of the service's /v1 API (docs/api.md, docs/openapi.yaml). Every call carries the
// session's token as a bearer header. A 401 from any call means the token is no longer accepted:
// the session is dropped and the person is sent to sign in again (see main.js).
import { getToken } from './session.js';
import { withQuery } from './router.js';

export class ApiError extends Error {
  constructor(status, message, { silent = false } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    // A silent error has been dealt with already (the 401 redirect): pages show nothing for it.
    this.silent = silent;
  }
}

let unauthorized = () => {};
export function onUnauthorized(handler) {
  unauthorized = handler;
}

// fetch() with the token; resolves to the Response when it is 2xx, otherwise throws an ApiError
// with the API's own `error` sentence.
export async function apiFetch(path, { params = {}, method = 'GET', body, accept = 'application/json', token, signInCheck = false } = {}) {
  const headers = { Accept: accept, Authorization: `Bearer ${token || getToken() || ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(withQuery(path, params), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store',
    });
  } catch (cause) {
    throw new ApiError(0, `The service could not be reached (${cause && cause.message ? cause.message : cause}).`);
  }
  if (response.ok) return response;
  const message = await errorText(response);
  if (response.status === 401 && !signInCheck) {
    unauthorized();
    throw new ApiError(401, message, { silent: true });
  }
  throw new ApiError(response.status, message);
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string' && body.error) return body.error;
  } catch {
    // not JSON: a proxy's page, say
  }
  return `The service answered ${response.status} ${response.statusText}`.trim();
}

export async function apiGet(path, params) {
  const response = await apiFetch(path, { params });
  return response.json();
}

export async function apiPost(path, body) {
  const response = await apiFetch(path, { method: 'POST', body });
  return response.json();
}

// The public health answer (/health) takes no token.
export async function publicGet(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  } catch (cause) {
    throw new ApiError(0, `The service could not be reached (${cause && cause.message ? cause.message : cause}).`);
  }
  if (!response.ok) throw new ApiError(response.status, await errorText(response));
  return response.json();
}
