import { readFileSync } from 'node:fs';
import { prepareBun } from './bun/prepare.js';
import { preparePython } from './python3/prepare.js';
import type { JobInput, Language, PreparedJob, ResourceLimit } from './types.js';

/**
 * Dedicated runtimes (docs/adr/0050-dedicated-runtimes.md): one sandboxed process per script
 * version that loads the script once and calls `main` once per job, one job at a time. The
 * languages that have one; others always run a process per job.
 */
export const DEDICATED_LANGUAGES: ReadonlySet<Language> = new Set<Language>(['bun', 'python3']);

/** The per-job loop of each language, beside the single job's wrapper (which it reuses). */
interface Loop {
  file: string;
  wrapper: string;
  source: string;
  prepare: (input: JobInput, limits: ResourceLimit[]) => PreparedJob;
}
const LOOPS: Partial<Record<Language, Loop>> = {
  bun: {
    file: 'dedicated.mjs',
    wrapper: '/job/wrapper.mjs',
    source: '../typescript/dedicated.mjs',
    prepare: prepareBun,
  },
  python3: {
    file: 'dedicated.py',
    wrapper: '/job/wrapper.py',
    source: '../python3/dedicated.py',
    prepare: preparePython,
  },
};
const sources = new Map<string, string>();

/**
 * The files and command of a dedicated process for `content`: the single job's (the script, its
 * wrapper, limits and dependencies as prepareJob lays them out), with the per-job loop run instead
 * of the wrapper. No arguments: each job's come with its request (see dedicatedRequest).
 */
export function prepareDedicated(
  language: Language,
  input: Pick<JobInput, 'content' | 'deps'>,
  limits: ResourceLimit[] = [],
): PreparedJob {
  const loop = LOOPS[language];
  if (!loop) throw new Error(`${language} has no dedicated runtime`);
  const single = loop.prepare({ ...input, args: {}, argOrder: [] }, limits);
  const at = single.command.indexOf(loop.wrapper);
  if (at === -1) throw new Error(`the ${language} command does not run ${loop.wrapper}`);
  let source = sources.get(language);
  if (source === undefined) {
    // Ships as source beside this file's source; compiled code runs from dist/.
    source = readFileSync(new URL(loop.source, import.meta.url), 'utf8');
    sources.set(language, source);
  }
  const { 'args.json': _args, ...files } = single.files;
  const { RUNNEL_ARG_ORDER: _order, ...env } = single.env;
  const command = [...single.command];
  command[at] = `/job/${loop.file}`;
  return { ...single, files: { ...files, [loop.file]: source }, command, env };
}

/**
 * One job's request to a dedicated process, a line: its environment, its arguments (and their
 * declared order, which Bun's positional `main` needs), and `end`, the mark the process writes on
 * stdout and stderr once the job is over (followed by " 0" or " 1" and a newline).
 */
export function dedicatedRequest(
  end: string,
  env: Record<string, string>,
  input: Pick<JobInput, 'args' | 'argOrder'>,
): string {
  return `${JSON.stringify({ end, env, args: input.args, argOrder: input.argOrder })}\n`;
}
