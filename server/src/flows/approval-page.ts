const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page an approval link opens: what waits, a payload box, approve and reject. */
export function approvalPage(p: {
  flowPath: string;
  stepId: string;
  flowStatus: string;
  resumeUrl: string;
  cancelUrl: string;
}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Approve ${escape(p.flowPath)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
textarea{width:100%;height:8rem;font-family:ui-monospace,monospace}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem;cursor:pointer}
#approve{background:#1f883d;color:#fff;border:0;border-radius:6px}
#reject{background:#fff;color:#cf222e;border:1px solid #cf222e;border-radius:6px}
#out{margin-top:1rem;white-space:pre-wrap}
</style></head><body>
<h1>Approval requested</h1>
<p>Flow <code>${escape(p.flowPath)}</code> waits at step <code>${escape(p.stepId)}</code> (flow ${escape(p.flowStatus)}).</p>
<label for="payload">Payload passed on to the next step as <code>resume</code> (JSON)</label>
<textarea id="payload">{}</textarea>
<p><button id="approve">Approve</button><button id="reject">Reject</button></p>
<div id="out" role="status"></div>
<script>
const out = document.getElementById('out');
async function send(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  let msg = text;
  try { const j = JSON.parse(text); msg = j.error ? j.error.message : (j.resumed ? 'Approved.' : 'Rejected.'); } catch {}
  out.textContent = (res.ok ? '' : 'Error ' + res.status + ': ') + msg;
  // Answered (or no longer waiting): the buttons have done their part.
  if (res.ok || res.status === 409) for (const b of document.querySelectorAll('button')) b.disabled = true;
}
document.getElementById('approve').onclick = () => {
  const raw = document.getElementById('payload').value.trim() || '{}';
  try { JSON.parse(raw); } catch (e) { out.textContent = 'The payload is not valid JSON: ' + e.message; return; }
  send(${JSON.stringify(p.resumeUrl)}, raw);
};
document.getElementById('reject').onclick = () => send(${JSON.stringify(p.cancelUrl)}, '{}');
</script>
</body></html>`;
}
