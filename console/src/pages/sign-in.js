// Sign in with an API token. The token is checked with GET /v1/me before it is kept (in
// sessionStorage only, see session.js); a token that is not accepted is said so and not kept.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { ApiError, apiFetch } from '../api.js';
import { SkipLink } from '../components/layout.js';

export function SignInPage({ onSignedIn, notice }) {
  const [token, setToken] = useState('');
  const [state, setState] = useState({ busy: false, error: null });
  const input = useRef(null);
  useEffect(() => {
    document.title = 'Sign in · vextrus-flow';
    if (input.current) input.current.focus();
  }, []);

  const submit = async (event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setState({ busy: false, error: new ApiError(0, 'Enter your API token.') });
      return;
    }
    setState({ busy: true, error: null });
    try {
      const response = await apiFetch('/v1/me', { token: value, signInCheck: true });
      const me = await response.json();
      setToken('');
      onSignedIn(value, me);
    } catch (error) {
      const shown = error instanceof ApiError && error.status === 401
        ? new ApiError(401, 'The token was not accepted. Check that you copied it whole, or ask an operator for a new one.')
        : error;
      setState({ busy: false, error: shown });
      if (input.current) input.current.focus();
    }
  };

  return html`
    <${SkipLink} />
    <header class="site-header"><p class="brand">vextrus-flow</p></header>
    <main id="main" tabindex="-1" class="sign-in">
      <h1>Sign in</h1>
      ${notice ? html`<p class="note">${notice}</p>` : null}
      <p class="lead">Sign in to the vextrus-flow console with your API token.</p>
      <form onSubmit=${submit}>
        <div class="field wide">
          <label for="token">API token</label>
          <input ref=${input} type="password" id="token" name="token" autocomplete="off" spellcheck="false"
            aria-describedby="token-hint" value=${token} onInput=${(event) => setToken(event.currentTarget.value)} />
          <span class="hint" id="token-hint">It is kept in this browser tab only, until you sign out or close the tab.</span>
        </div>
        <div class="actions"><button type="submit" disabled=${state.busy}>Sign in</button></div>
      </form>
      ${state.busy ? html`<p role="status" class="loading">Checking the token…</p>` : null}
      ${state.error ? html`<p role="alert" class="error">${state.error.message}</p>` : null}
    </main>`;
}
