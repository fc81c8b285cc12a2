import type { FastifyReply } from 'fastify';

/**
 * Answers `text` as UTF-8 plain text: what Windmill's API answers for a created path, a deleted
 * object, a job id. Every plain-text reply of the API goes through here.
 */
export async function sendText(reply: FastifyReply, status: number, text: string): Promise<void> {
  await reply.status(status).type('text/plain; charset=utf-8').send(text);
}
