import { Ajv } from 'ajv';
import { Namespace, ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { cnpgClusterSchema } from './cnpg-cluster.schema.js';
import type { Json, JsonObject, K8sObject } from './kustomize.js';

// Validation of each object against its API's schema: Kubernetes' own (kubernetes-models, generated
// from the Kubernetes OpenAPI document), KEDA's (@kubernetes-models/keda, from KEDA's CRDs) and, for
// CloudNativePG, which no package ships, the subset of its Cluster CRD that overlays/cnpg uses.
//
// Those schemas accept fields they do not know, where the API server (strict field validation, the
// default of kubectl apply) refuses them: a misspelt `readinesProbe` would pass. So the validators run
// over a proxy that records every property they read; a field of the object that no validator read
// is unknown to the schema and reported.

type Validate = (data: unknown) => void;

interface ModelClass {
  prototype: { validate(): void };
}

function modelValidator(Model: ModelClass): Validate {
  // setValidateFunc puts the generated validator on the prototype; it validates `this`.
  const validate = Model.prototype.validate as (this: unknown) => void;
  return (data) => validate.call(data);
}

const ajv = new Ajv({ allErrors: true, strict: false });
const cnpg = ajv.compile(cnpgClusterSchema);

const VALIDATORS: Record<string, Validate> = {
  'v1/Namespace': modelValidator(Namespace),
  'v1/ConfigMap': modelValidator(ConfigMap),
  'v1/Secret': modelValidator(Secret),
  'v1/Service': modelValidator(Service),
  'apps/v1/Deployment': modelValidator(Deployment),
  'policy/v1/PodDisruptionBudget': modelValidator(PodDisruptionBudget),
  'networking.k8s.io/v1/NetworkPolicy': modelValidator(NetworkPolicy),
  'keda.sh/v1alpha1/ScaledObject': modelValidator(ScaledObject),
  'postgresql.cnpg.io/v1/Cluster': (data) => {
    if (!cnpg(data)) throw new Error(ajv.errorsText(cnpg.errors, { dataVar: '' }));
  },
};

/** A deep proxy of `value` that adds to `read` the path of every property read through it. */
function tracked(value: Json, path: string, read: Set<string>): Json {
  if (typeof value !== 'object' || value === null) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const result = Reflect.get(target, key, receiver) as Json;
      if (typeof key !== 'string') return result;
      read.add(`${path}/${key}`);
      return Object.hasOwn(target, key) ? tracked(result, `${path}/${key}`, read) : result;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(`${path}/${key}`);
      return Reflect.has(target, key);
    },
  }) as Json;
}

function fieldPaths(value: Json, path: string, out: string[]): string[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    out.push(`${path}/${key}`);
    fieldPaths(child, `${path}/${key}`, out);
  }
  return out;
}

/**
 * Problems with `obj` against its schema, as readable lines (empty: valid): schema errors, or else
 * fields the schema does not define.
 */
export function schemaProblems(obj: K8sObject): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const validate = VALIDATORS[key];
  if (!validate) return [`no schema for ${key}: add one to server/test/k8s/schemas.ts`];
  const read = new Set<string>();
  try {
    validate(tracked(structuredClone(obj) as JsonObject, '', read));
  } catch (err) {
    return [(err as Error).message];
  }
  return fieldPaths(obj, '', [])
    .filter((path) => !read.has(path))
    .map((path) => `unknown field ${path}`);
}
