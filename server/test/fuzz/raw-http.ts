import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when no HTTP status line came back. */
  status: number;
  /** The status line and headers. */
  head: string;
  body: string;
}

/**
 * Bytes straight onto a socket, for what fetch refuses to send (broken HTTP, a body cut short),
 * then the half-closed connection's answer.
 */
export function sendRaw(url: string, bytes: string, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = text.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, head: text.slice(0, split), body: split < 0 ? '' : text.slice(split + 4) });
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms`));
    });
  });
}
