import type { Schemas } from '$lib/api/client';
import { exportText } from '$lib/flow-editor/io';
import type { FlowDocument, InputSchema } from '$lib/flow-editor/model';

/** A deployed flow (any version) as the editor's document: what the editor opens and exports. */
export function flowDocument(f: Schemas['Flow']): FlowDocument {
  return {
    path: f.path,
    summary: f.summary,
    description: f.description ?? '',
    value: f.value as FlowDocument['value'],
    schema: (f.schema ?? { type: 'object', properties: {}, required: [] }) as InputSchema,
  };
}

/** A version as its history compares it: the whole OpenFlow document, as the editor exports it to YAML. */
export function flowYaml(f: Schemas['Flow']): Promise<string> {
  return exportText(flowDocument(f), 'yaml');
}
