import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/audit-log.js';
import type { Access } from '../auth/path-access.js';
import { badRequest, forbidden } from '../common/errors.js';
import { booleanParam } from '../common/validate.js';
import { FlowsService, flowView, type FlowRow } from '../flows/flows.service.js';
import { FoldersService } from '../folders/folders.service.js';
import type { ResourceRow } from '../resources/resource-row.js';
import { ResourceTypesService } from '../resources/resource-types.service.js';
import { ResourcesService } from '../resources/resources.service.js';
import { SchedulesService } from '../schedules/schedules.service.js';
import type { ScriptRow } from '../scripts/script-row.js';
import { ScriptsService, scriptView } from '../scripts/scripts.service.js';
import { WINDMILL_STORED_FIELDS } from '../scripts/windmill-fields.js';
import { VariablesService, type VariableRow } from '../variables/variables.service.js';
import type { ArchiveFile } from './zip.js';

/** The query of `workspaces/tarball` that Runnel reads; Windmill's others are accepted and ignored. */
export interface ExportOptions {
  archiveType: 'zip';
  plainSecret: boolean;
  skipSecrets: boolean;
  skipVariables: boolean;
  skipResources: boolean;
  skipResourceTypes: boolean;
  includeSchedules: boolean;
  defaultTs: 'bun' | 'deno';
}

/** The query parameters, as `wmill` sends them, with what each does; the API docs list them from here. */
export const EXPORT_QUERY = {
  archive_type: 'zip (the default). tar answers 400 "Invalid Archive Type", as a Windmill without it does.',
  plain_secret: 'true: secrets in plaintext (admins only; each one is audited as a reveal). Default false.',
  skip_secrets:
    'true (default): secret variables and resources with secret fields are left out; without plain_secret=true they are too.',
  skip_variables: 'Default false.',
  skip_resources: 'Default false.',
  skip_resource_types: 'Default false.',
  include_schedules: 'Default false.',
  default_ts: 'bun (default) or deno: which TypeScript runtime gets the plain `.ts` extension.',
  include_key: 'true answers 400: the workspace keys never leave Runnel. Default false.',
} as const;

const BOOLEAN_PARAMS = {
  plain_secret: false,
  skip_secrets: true,
  skip_variables: false,
  skip_resources: false,
  skip_resource_types: false,
  include_schedules: false,
} as const;

/** Reads the query, strictly: a value that is not understood is a 400 that names it. */
export function exportOptions(query: Record<string, unknown>): ExportOptions {
  const flag = (name: keyof typeof BOOLEAN_PARAMS) => booleanParam(query[name], name, BOOLEAN_PARAMS[name]);
  if (booleanParam(query.include_key, 'include_key')) {
    throw badRequest(
      "include_key: a Runnel workspace's keys never leave the server; sync without --include-key (secrets travel with --plain-secrets)",
    );
  }
  const archive = query.archive_type ?? 'zip';
  if (archive === 'tar') {
    // wmill asks for zip first and falls back to tar only on this message.
    throw badRequest('Invalid Archive Type: Runnel exports archive_type=zip only');
  }
  if (archive !== 'zip') throw badRequest(`Invalid Archive Type ${JSON.stringify(archive)}: use archive_type=zip`);
  const defaultTs = query.default_ts ?? 'bun';
  if (defaultTs !== 'bun' && defaultTs !== 'deno') {
    throw badRequest(`query parameter default_ts must be bun or deno, not ${JSON.stringify(defaultTs)}`);
  }
  return {
    archiveType: 'zip',
    plainSecret: flag('plain_secret'),
    skipSecrets: flag('skip_secrets'),
    skipVariables: flag('skip_variables'),
    skipResources: flag('skip_resources'),
    skipResourceTypes: flag('skip_resource_types'),
    includeSchedules: flag('include_schedules'),
    defaultTs,
  };
}

/** The file extension `wmill` gives a language (its filePathExtensionFromContentType). */
function scriptExtension(language: string, defaultTs: 'bun' | 'deno'): string {
  switch (language) {
    case 'python3':
      return '.py';
    case 'bash':
      return '.sh';
    case 'bun':
      return defaultTs === 'deno' ? '.bun.ts' : '.ts';
    case 'deno':
      return defaultTs === 'deno' ? '.ts' : '.deno.ts';
    case 'nativets':
      return '.fetch.ts';
    default:
      throw new Error(`no file extension for language ${language}`);
  }
}

/** JSON as Windmill's export writes it; wmill turns it into YAML (or keeps it with --json). */
const json = (value: unknown) => JSON.stringify(value, null, 2);

const PAGE = 1000;

/**
 * Windmill's script settings that a deploy set (windmill-fields.ts), and the tag and timeout when
 * set: a script.yaml that names them pushes them, so its pull must show them again.
 */
function windmillScriptFields(view: ReturnType<typeof scriptView>): Record<string, unknown> {
  const all: Record<string, unknown> = { ...view };
  const names = ['tag', 'timeout', ...Object.keys(WINDMILL_STORED_FIELDS)];
  return Object.fromEntries(
    names
      .filter((name) => all[name] !== null && all[name] !== undefined)
      .filter((name) => !(name === 'ws_error_handler_muted' && all[name] === false))
      .map((name) => [name, all[name]]),
  );
}

/** A flow's file, from what flows/get answers. */
function flowFile(row: FlowRow) {
  const { summary, description, value, schema } = flowView(row);
  return { summary, description, value, schema };
}

/**
 * The workspace as the files `wmill sync pull` writes (docs/adr/0047-windmill-cli.md): only what
 * the caller may read, nothing the workspace's own ids or times, so two workspaces holding the
 * same objects export the same files and a pull after a push shows no change. A secret leaves
 * only in plaintext, to an admin who asked, and each one is audited as a reveal: Runnel seals a
 * secret for its workspace and path, so a ciphertext would be of no use to another workspace, and
 * without plain_secret a secret variable, and a resource with secret fields, is left out.
 */
@Injectable()
export class WorkspaceExport {
  constructor(
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(FoldersService) private readonly folders: FoldersService,
    @Inject(VariablesService) private readonly variables: VariablesService,
    @Inject(ResourcesService) private readonly resources: ResourcesService,
    @Inject(ResourceTypesService) private readonly resourceTypes: ResourceTypesService,
    @Inject(SchedulesService) private readonly schedules: SchedulesService,
  ) {}

  async files(access: Access, actor: Actor, options: ExportOptions): Promise<ArchiveFile[]> {
    // Without plaintext a secret is left out: its ciphertext is sealed for this workspace and path
    // and would be of no use elsewhere (wmill's default asks for ciphertexts, skip_secrets=false).
    const plainSecrets = options.plainSecret && !options.skipSecrets;
    if (options.plainSecret && !access.admin) {
      throw forbidden('plain_secret=true is for workspace admins: secrets are revealed in plaintext and audited');
    }
    const files: ArchiveFile[] = [];
    for (const folder of await this.folders.list(access)) {
      files.push({
        path: `f/${folder.name}/folder.meta.json`,
        content: json({ summary: folder.summary, extra_perms: folder.extra_perms }),
      });
    }
    for (const script of await this.scripts.list(access, false)) files.push(...this.scriptFiles(script, options));
    for (const flow of await this.flows.list(access, false)) {
      files.push({
        path: `${flow.path}.flow.json`,
        content: json(flowFile(flow)),
      });
    }
    if (!options.skipVariables) {
      for (const variable of await this.all((page) => this.variables.list(access, page, PAGE))) {
        if (variable.is_secret && !plainSecrets) continue;
        files.push({ path: `${variable.path}.variable.json`, content: json(await this.variable(actor, variable)) });
      }
    }
    if (!options.skipResources) {
      for (const resource of await this.all((page) => this.resources.list(access, undefined, page, PAGE))) {
        // Its secret fields would be null, which its type refuses in another workspace.
        if (resource.secret_fields.length > 0 && !plainSecrets) continue;
        files.push({
          path: `${resource.path}.resource.json`,
          content: json(await this.resource(actor, resource)),
        });
      }
    }
    if (!options.skipResourceTypes) {
      for (const type of await this.resourceTypes.list(access.workspace)) {
        if (type.builtin) continue;
        files.push({
          path: `${type.name}.resource-type.json`,
          content: json({ schema: type.schema, description: type.description }),
        });
      }
    }
    if (options.includeSchedules) {
      for (const s of await this.schedules.list(access)) {
        files.push({
          path: `${s.path}.schedule.json`,
          content: json({
            schedule: s.schedule,
            timezone: s.timezone,
            script_path: s.script_path,
            is_flow: s.is_flow,
            args: s.args,
            enabled: s.enabled,
            no_overlap: s.no_overlap,
            on_failure: s.on_failure,
            catch_up: s.catch_up,
            summary: s.summary,
          }),
        });
      }
    }
    return files;
  }

  /** The code and its metadata, from what scripts/get answers (so a push of these files changes nothing). */
  private scriptFiles(row: ScriptRow, options: ExportOptions): ArchiveFile[] {
    const view = scriptView(row);
    return [
      { path: `${view.path}${scriptExtension(view.language, options.defaultTs)}`, content: view.content },
      {
        path: `${view.path}.script.json`,
        content: json({
          summary: view.summary,
          description: view.description,
          lock: view.lock ?? '',
          kind: view.kind,
          schema: view.schema,
          ...windmillScriptFields(view),
        }),
      },
    ];
  }

  /** A plain variable as stored; a secret (only when asked for in plaintext) revealed and audited. */
  private async variable(actor: Actor, row: VariableRow) {
    const value = row.is_secret ? await this.variables.reveal(row.workspace_id, actor, row.path) : row.value;
    return { value, is_secret: row.is_secret, description: row.description };
  }

  /** A resource; one with secret fields (only when asked for in plaintext) revealed and audited. */
  private async resource(actor: Actor, row: ResourceRow) {
    const value =
      row.secret_fields.length > 0 ? await this.resources.reveal(row.workspace_id, actor, row.path) : row.value;
    return { value, description: row.description, resource_type: row.resource_type };
  }

  private async all<T>(page: (n: number) => Promise<T[]>): Promise<T[]> {
    const rows: T[] = [];
    for (let n = 1; ; n++) {
      const batch = await page(n);
      rows.push(...batch);
      if (batch.length < PAGE) return rows;
    }
  }
}
