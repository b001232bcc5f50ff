// Downloads that need the token. A plain link cannot carry the Authorization header, so the file
// is fetched, then handed to the browser as a blob through a temporary <a download>.
import { apiFetch } from './api.js';

// The file name of a Content-Disposition header (`attachment; filename="vat-2025-26.csv"`), or
// the fallback. Only a plain name is kept: no path separators.
export function filenameOf(disposition, fallback) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || '');
  let name = match ? match[1] : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // kept as it came
  }
  name = name.replace(/[/\\]/g, '_').trim();
  return name || fallback;
}

export async function downloadFromApi(path, { params, accept, fallbackName }) {
  const response = await apiFetch(path, { params, accept });
  const blob = await response.blob();
  const name = filenameOf(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.hidden = true;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoked a little later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}
