// The re-drive form (operators only; the pages do not render it for other roles). A re-drive
// re-publishes original bytes and is on record for good, so the form asks for a dry run first:
// "Re-drive" stays disabled until a dry run with the same reason (and, for a set, the same
// filter) has succeeded, and is disabled again once it has been used.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { apiPost } from '../api.js';
import { ErrorMessage } from './common.js';

function idsText(ids) {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, 20).join(', ');
  return ids.length > 20 ? `${shown} and ${ids.length - 20} more` : shown;
}

function answerText(answer) {
  const n = answer.count;
  const letters = n === 1 ? '1 dead letter' : `${n} dead letters`;
  const record = answer.audit_record ? ` Recorded in the audit chain ops as #${answer.audit_record.seq}.` : '';
  return answer.dry_run
    ? `Dry run: ${letters} would be re-driven (ids: ${idsText(answer.dead_letter_ids)}); nothing was published.${record}`
    : `Re-driven: ${letters} re-published (ids: ${idsText(answer.dead_letter_ids)}).${record}`;
}

// endpoint: POST path; filter: the batch filter (undefined for one dead letter); scope: a text
// naming what the dry run covered (the filter), compared before "Re-drive" is allowed.
export function RedriveForm({ id, title, endpoint, filter, scope = '', intro, onDone }) {
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(null); // {reason, scope} of the last successful dry run
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);

  const send = async (dryRun) => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      const body = { reason, dry_run: dryRun };
      if (filter) body.filter = filter;
      const result = await apiPost(endpoint, body);
      setAnswer(result);
      setChecked(dryRun ? { reason, scope } : null);
      if (!dryRun && onDone) onDone(result);
    } catch (failure) {
      setError(failure);
      if (!dryRun) setChecked(null);
    } finally {
      setBusy(false);
    }
  };

  const ready = checked && checked.reason === reason && checked.scope === scope && reason.trim() !== '';
  const headingId = `${id}-heading`;
  const reasonId = `${id}-reason`;
  return html`<section class="redrive">
    <h2 id=${headingId}>${title}</h2>
    ${intro ? html`<p>${intro}</p>` : null}
    <form aria-labelledby=${headingId} onSubmit=${(event) => { event.preventDefault(); if (!busy) send(true); }}>
      <div class="field wide">
        <label for=${reasonId}>Reason</label>
        <textarea id=${reasonId} required rows="3" maxlength="1000" aria-describedby=${`${reasonId}-hint`} value=${reason}
          onInput=${(event) => setReason(event.currentTarget.value)}></textarea>
        <span class="hint" id=${`${reasonId}-hint`}>Why, in words the audit trail keeps (such as a change ticket). Run a dry run first: it lists what would be re-published and publishes nothing.</span>
      </div>
      <div class="actions">
        <button type="submit" class="secondary" disabled=${busy}>Dry run</button>
        <button type="button" class="danger" disabled=${!ready || busy} onClick=${() => send(false)}>Re-drive</button>
      </div>
    </form>
    <p role="status" class="result">${busy ? 'Sending…' : answer ? answerText(answer) : ''}</p>
    <${ErrorMessage} error=${error} />
  </section>`;
}
