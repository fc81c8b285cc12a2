import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// The part of Kustomize that deploy/k8s uses, so the tests can build what `kubectl apply -k` would
// apply without kubectl (none is installed here): resources (files and directories), components,
// JSON 6902 patches with a target, a namespace and image tags. A field it does not know is an
// error, not a silent difference from Kustomize.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object as read from YAML. */
export interface K8sObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> } & JsonObject;
}

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'components',
  'patches',
  'images',
]);
const COMPONENT_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'patches']);
/** Kinds without a namespace among those deploy/k8s uses. */
const CLUSTER_SCOPED = new Set(['Namespace']);

/** Every document of a YAML file, comments-only documents left out; a syntax error throws naming the file. */
export function loadYaml(file: string): Json[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const out: Json[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as Json;
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not a mapping`);
  return value;
}

function asK8sObject(value: Json, where: string): K8sObject {
  const obj = asObject(value, where);
  const metadata = obj.metadata as JsonObject | undefined;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof metadata?.name !== 'string') {
    throw new Error(`${where}: a resource needs apiVersion, kind and metadata.name`);
  }
  return obj as K8sObject;
}

/** `<kind>/<namespace>/<name>`, Kustomize's identity of a resource. */
export function idOf(obj: K8sObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function stringList(value: Json | undefined, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error(`${where}: not a list of strings`);
  return value as string[];
}

/** Reads `<dir>/kustomization.yaml` and returns the objects it builds, in order. */
export function build(dir: string, extraComponents: string[] = []): K8sObject[] {
  return buildKustomization(resolve(dir), 'Kustomization', extraComponents);
}

function buildKustomization(dir: string, kind: 'Kustomization' | 'Component', extraComponents: string[] = []) {
  const file = join(dir, 'kustomization.yaml');
  const [doc] = loadYaml(file);
  const k = asObject(doc, file);
  if (k.kind !== kind) throw new Error(`${file}: kind ${String(k.kind)}, expected ${kind}`);
  const known = kind === 'Kustomization' ? KUSTOMIZATION_FIELDS : COMPONENT_FIELDS;
  for (const field of Object.keys(k)) {
    if (!known.has(field)) throw new Error(`${file}: field "${field}" is not handled by this test's Kustomize`);
  }

  let objects: K8sObject[] = [];
  for (const entry of stringList(k.resources, `${file} resources`)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...buildKustomization(path, 'Kustomization'));
    else objects.push(...loadYaml(path).map((value, i) => asK8sObject(value, `${path} document ${i + 1}`)));
  }
  for (const entry of [...stringList(k.components, `${file} components`), ...extraComponents]) {
    objects = [...objects, ...buildKustomization(join(dir, entry), 'Component')];
  }
  const seen = new Set<string>();
  for (const obj of objects) {
    if (seen.has(idOf(obj))) throw new Error(`${file}: ${idOf(obj)} is defined twice`);
    seen.add(idOf(obj));
  }
  for (const [i, raw] of ((k.patches as Json[] | undefined) ?? []).entries()) {
    applyPatch(objects, asObject(raw, `${file} patches[${i}]`), dir, `${file} patches[${i}]`);
  }
  if (kind === 'Kustomization' && typeof k.namespace === 'string') {
    for (const obj of objects) if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = k.namespace;
  }
  for (const [i, raw] of ((k.images as Json[] | undefined) ?? []).entries()) {
    setImage(objects, asObject(raw, `${file} images[${i}]`));
  }
  return objects;
}

function applyPatch(objects: K8sObject[], patch: JsonObject, dir: string, where: string): void {
  const target = asObject(patch.target, `${where} target`);
  if (typeof patch.path !== 'string') throw new Error(`${where}: only patches from a file (path) are handled`);
  const file = join(dir, patch.path);
  const [ops] = loadYaml(file);
  if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are handled`);
  const matched = objects.filter(
    (obj) =>
      (target.kind === undefined || obj.kind === target.kind) &&
      (target.name === undefined || obj.metadata.name === target.name),
  );
  if (matched.length === 0) throw new Error(`${where}: no resource matches ${JSON.stringify(target)}`);
  for (const obj of matched) for (const op of ops) applyOperation(obj, asObject(op, file), file);
}

function pointer(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`JSON pointer "${path}" must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 add, replace and remove; a path that does not exist throws, as it does in Kustomize. */
function applyOperation(doc: JsonObject, op: JsonObject, where: string): void {
  const tokens = pointer(String(op.path));
  const last = tokens.pop()!;
  let parent: Json = doc;
  for (const token of tokens) {
    const next: Json | undefined = Array.isArray(parent)
      ? parent[Number(token)]
      : (parent as JsonObject | null)?.[token];
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new Error(`${where}: ${String(op.path)} does not exist`);
    }
    parent = next;
  }
  const value = structuredClone(op.value) as Json;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`${where}: bad index ${last}`);
    if (op.op === 'add') parent.splice(index, 0, value);
    else if (op.op === 'replace' && index < parent.length) parent[index] = value;
    else if (op.op === 'remove' && index < parent.length) parent.splice(index, 1);
    else throw new Error(`${where}: cannot ${String(op.op)} ${String(op.path)}`);
    return;
  }
  const object = parent as JsonObject;
  if (op.op === 'add') object[last] = value;
  else if ((op.op === 'replace' || op.op === 'remove') && last in object) {
    if (op.op === 'replace') object[last] = value;
    else delete object[last];
  } else throw new Error(`${where}: cannot ${String(op.op)} ${String(op.path)}`);
}

function setImage(objects: K8sObject[], image: JsonObject): void {
  for (const obj of objects) {
    const containers = ((obj.spec as JsonObject | undefined)?.template as JsonObject | undefined)?.spec as
      JsonObject | undefined;
    for (const container of (containers?.containers as JsonObject[] | undefined) ?? []) {
      const ref = String(container.image);
      const name = ref.replace(/[:@].*$/, '');
      if (name !== image.name) continue;
      container.image = `${(image.newName as string | undefined) ?? name}:${String(image.newTag ?? 'latest')}`;
    }
  }
}

/** The directory of this compiled file's repository (server/dist/test/k8s/ → the root). */
export const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../../..');
