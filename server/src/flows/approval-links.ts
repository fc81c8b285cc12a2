import type { AddressInfo } from 'node:net';
import type { Access } from '../auth/path-access.js';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthGuard, tokenOf } from '../auth/auth.guard.js';
import type { Caller } from '../auth/roles.js';
import { assertSameOrigin, sessionTokenOf } from '../auth/session-cookie.js';
import { ErrorCode, RunnelError, badRequest, forbidden, unauthorized } from '../common/errors.js';
import { SERVER_CONFIG, localUrl, type ServerConfig } from '../common/config.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { Answerer } from './approval-rules.js';
import type { ApprovalInfo } from './approval-view.js';
import { Approvals, type Answer } from './approvals.js';
import { ResumeSigner } from './resume-signer.js';

const MAX_RESUME_ID = 2 ** 32 - 1;
const MAX_APPROVER_LENGTH = 100;

/** The app's approval page of a link (frontend/src/routes/approve), without a leading slash. */
function pagePath(ws: string, id: string, resumeId: number, signature: string, approver?: string): string {
  const query = approver === undefined ? '' : `?approver=${encodeURIComponent(approver)}`;
  return `approve/${encodeURIComponent(ws)}/${id}/${resumeId}/${signature}${query}`;
}

/** The path parameters every signed link shares, and its query string. */
export interface LinkParams {
  workspace: string;
  id: string;
  resumeId: string;
  signature: string;
}
export type LinkQuery = Record<string, string | undefined>;

function resumeIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 0 || id > MAX_RESUME_ID) {
    throw badRequest(`resume id must be an integer from 0 to ${MAX_RESUME_ID}, got "${raw}"`);
  }
  return id;
}

/** An approver name to sign into a link: printable, trimmed, short. */
function approverNameOf(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest('approver must be given once');
  const name = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > MAX_APPROVER_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw badRequest(`approver must be 1 to ${MAX_APPROVER_LENGTH} printable characters, got ${JSON.stringify(raw)}`);
  }
  return name;
}

/**
 * Approval links: made for an operator (`resume_urls`), opened by anyone who holds one (GET leads
 * to the app's page and changes nothing, so link previews are harmless), answered by POST under
 * the step's approval rules (approval-rules.ts).
 */
@Injectable()
export class ApprovalLinks {
  constructor(
    @Inject(Approvals) private readonly approvals: Approvals,
    @Inject(ResumeSigner) private readonly signer: ResumeSigner,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(AuthGuard) private readonly guard: AuthGuard,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  /** The links of a run `access` may read (REST); 404 for one it may not. */
  async makeFor(access: Access, id: string, rawResumeId: string, rawApprover: string | undefined) {
    await this.jobs.readable(access, id);
    return this.make(access.workspace, id, rawResumeId, rawApprover);
  }

  /**
   * The links of one step job and resume id, naming `approver` if given. They start with
   * RUNNEL_BASE_URL, else the address this server listens on — never the request's Host header,
   * which whoever asks for the links chooses.
   */
  async make(ws: string, id: string, rawResumeId: string, rawApprover: string | undefined) {
    const resumeId = resumeIdOf(rawResumeId);
    const approver = approverNameOf(rawApprover);
    await this.jobs.get(ws, id);
    const server = this.http.httpAdapter.getHttpServer() as { address(): AddressInfo };
    const base = this.config.baseUrl ?? localUrl(this.config.host, server.address().port);
    const signature = this.signer.sign(ws, id, resumeId, approver);
    const query = approver === undefined ? '' : `?approver=${encodeURIComponent(approver)}`;
    const tail = `${id}/${resumeId}/${signature}${query}`;
    const at = `${base}/api/w/${encodeURIComponent(ws)}/jobs_u`;
    return {
      approvalPage: `${base}/${pagePath(ws, id, resumeId, signature, approver)}`,
      resume: `${at}/resume/${tail}`,
      cancel: `${at}/cancel/${tail}`,
    };
  }

  /** Approves or rejects as whoever sends the link: signed in, or by the name signed into it. */
  async answer(req: FastifyRequest, p: LinkParams, query: LinkQuery, answer: Answer) {
    const { resumeId, linkName } = this.verify(p, query);
    await this.jobs.get(p.workspace, p.id);
    const answerer: Answerer = { caller: await this.callerOf(req, p.workspace), linkName };
    return this.approvals.answer(p.id, resumeId, answerer, answer);
  }

  /** What a link's page shows (JSON): the step, who may answer, its resume form, as whom this link answers. */
  async view(req: FastifyRequest, p: LinkParams, query: LinkQuery): Promise<ApprovalInfo> {
    const { linkName } = this.verify(p, query);
    return this.approvals.info(p.workspace, p.id, { caller: await this.callerOf(req, p.workspace), linkName });
  }

  /**
   * Where a link's GET sends the browser: the app's approval page for the same link, relative so
   * that it stays under whatever prefix a proxy serves the API at. Checked first, so an altered
   * link says so here rather than on a page.
   */
  pageLocation(p: LinkParams, query: LinkQuery): string {
    const { resumeId, linkName } = this.verify(p, query);
    // From /api/w/{ws}/jobs_u/{kind}/{id}/{resumeId}/{signature}, seven levels up is the root.
    return `${'../'.repeat(7)}${pagePath(p.workspace, p.id, resumeId, p.signature, linkName)}`;
  }

  /**
   * The signed-in caller of a link, if any: a bearer token, else the app's session cookie (under
   * the CSRF rules of ADR 0019). A session that ended is no sign-in: the link may be enough alone.
   */
  private async callerOf(req: FastifyRequest, workspace: string): Promise<Caller | undefined> {
    const bearer = tokenOf(req);
    if (bearer) return this.guard.identify(req, bearer, workspace, 'viewer');
    const session = sessionTokenOf(req);
    if (!session) return undefined;
    assertSameOrigin(req);
    try {
      return await this.guard.identify(req, session, workspace, 'viewer');
    } catch (err) {
      if (err instanceof RunnelError && err.code === ErrorCode.Unauthorized) return undefined;
      throw err;
    }
  }

  /** The link's resume id and the approver name signed into it; 401/403 for a link that was altered. */
  private verify(p: LinkParams, query: LinkQuery): { resumeId: number; linkName?: string } {
    const resumeId = resumeIdOf(p.resumeId);
    const linkName = query.approver;
    if (linkName !== undefined && typeof linkName !== 'string') throw badRequest('approver must be given once');
    if (this.signer.verify(p.workspace, p.id, resumeId, p.signature, linkName)) return { resumeId, linkName };
    if (linkName !== undefined && this.signer.verify(p.workspace, p.id, resumeId, p.signature)) {
      throw forbidden(
        `?approver=${linkName} was added to a link that names no approver: an approver name counts only when ` +
          'it is signed into the link as it is made (resume_urls?approver=<name>)',
      );
    }
    throw unauthorized('this approval link is not valid (bad signature)');
  }
}
