// The API token of the signed-in person. Kept in sessionStorage only: it ends with the tab, is
// never written to localStorage, a URL or the console, and is sent only as a bearer header.
const KEY = 'vextrus-flow.token';

export function getToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the person signs in again on each load
  }
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearSession() {
  try {
    sessionStorage.clear();
  } catch {
    // nothing kept
  }
}

// Roles build on each other (docs/api.md): viewer < auditor < operator.
const RANK = { viewer: 1, auditor: 2, operator: 3 };
export function hasRole(me, role) {
  return Boolean(me) && (RANK[me.role] || 0) >= RANK[role];
}
