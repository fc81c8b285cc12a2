/**
 * Copies text to the clipboard. The Clipboard API exists only in secure contexts, and a
 * self-hosted server is often reached over plain http on a LAN, so fall back to a hidden textarea.
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The browser refused to copy.');
}

/** Saves text as a file through a temporary object URL. */
export function downloadText(text: string, filename: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The download has started once click() returns; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url));
}
