import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, forbidden, notFound } from '../common/errors.js';
import { VariablesService } from '../variables/variables.service.js';
import { ResourceSecrets, plaintextsOf } from './resource-secrets.js';
import { ResourcesService } from './resources.service.js';
import { replaceRefs, type JsonObject } from './resource-value.js';

/** A resource as a job receives it. */
export interface ResolvedResource {
  /** The value, every `$var:` field replaced by the variable's value, every secret field in plaintext. */
  value: JsonObject;
  /** Every plaintext inside `value` that came from a secret (a secret field or a secret variable): to mask in logs. */
  secrets: string[];
}

/**
 * `$res:<path>` for a job: the one place a resource is opened for a job (the jobs' argument
 * resolution calls `resolve`). Never answered by the REST or GraphQL API, which show secret fields
 * as null; see docs/adr/0038-resources.md.
 */
@Injectable()
export class ResourceResolver {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ResourcesService) private readonly resources: ResourcesService,
    @Inject(ResourceSecrets) private readonly secrets: ResourceSecrets,
    @Inject(VariablesService) private readonly variables: VariablesService,
  ) {}

  /**
   * The resource `path` of `workspace` for a job run on behalf of `userId`, who must still be a
   * member of the workspace (403 otherwise): 404 if the resource or a variable it references is
   * missing; 503 if a secret needs a master key the server lacks. `assertReadable`, when given,
   * is asked before each `$var:` field's variable is read and throws if it may not be.
   */
  async resolve(
    workspace: string,
    path: string,
    userId: string,
    assertReadable?: (variable: string) => Promise<void>,
  ): Promise<ResolvedResource> {
    const [member]: unknown[] = await this.db.query(
      'SELECT 1 FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
      [workspace, userId],
    );
    if (!member)
      throw forbidden(`the job's user is not a member of workspace "${workspace}" and cannot read resource "${path}"`);
    const row = await this.resources.get(workspace, path);
    const sealed = await this.secrets.read(this.db.manager, workspace, path, row.id);
    const secrets = plaintextsOf(sealed);
    const value = await replaceRefs({ ...row.value, ...sealed }, async (variable) => {
      await assertReadable?.(variable);
      const found = await this.variables.plaintext(workspace, variable).catch((err: unknown) => {
        if (err instanceof RunnelError && err.code === ErrorCode.NotFound) {
          throw notFound(
            `resource "${path}" references variable "${variable}", which does not exist in workspace "${workspace}"`,
          );
        }
        throw err;
      });
      if (found.isSecret) secrets.push(found.value);
      return found.value;
    });
    return { value: value as JsonObject, secrets: [...new Set(secrets)].filter((s) => s !== '') };
  }
}
