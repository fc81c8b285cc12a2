import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors.js';

/** A resource's value as a job receives it, with the secret plaintexts inside it (for masking). */
export interface ResolvedResource {
  value: unknown;
  secrets: string[];
}

/**
 * The one seam between the job API and resources (`$res:` arguments, `get_resource`): the
 * resources area replaces this body (and may inject what it needs) when it lands. The caller
 * has checked that the job's user may read `path`.
 */
@Injectable()
export class ResourceResolver {
  resolveResource(workspace: string, path: string): Promise<ResolvedResource> {
    return Promise.reject(notFound(`resource "${path}" in workspace "${workspace}": resources are not available yet`));
  }
}
