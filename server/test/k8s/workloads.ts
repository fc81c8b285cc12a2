import { randomBytes } from 'node:crypto';
import type { Json, JsonObject, K8sObject } from './kustomize.js';

// Reading deploy/k8s's workloads the way the kubelet would: a container's environment from its
// env and envFrom (ConfigMaps of the build, Secrets given as samples), its labels and ports.

export interface Container extends JsonObject {
  name: string;
}

export function podSpec(deployment: K8sObject): JsonObject {
  return ((deployment.spec as JsonObject).template as JsonObject).spec as JsonObject;
}

export function podLabels(deployment: K8sObject): Record<string, string> {
  return (((deployment.spec as JsonObject).template as JsonObject).metadata as JsonObject).labels as Record<
    string,
    string
  >;
}

export function containerOf(deployment: K8sObject): Container {
  const containers = podSpec(deployment).containers as Container[];
  if (containers.length !== 1) throw new Error(`${deployment.metadata.name}: expected one container`);
  return containers[0]!;
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((obj) => obj.kind === kind && obj.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the build`);
  return found;
}

/** CloudNativePG's Secret for a Cluster's database owner, `<cluster>-app`, and the keys it holds. */
export const CNPG_APP_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass'];

/**
 * Plausible values for the Secrets the manifests read: `runnel-secrets` with the keys of
 * deploy/k8s/secret.example.yaml, and CloudNativePG's `<cluster>-app` for each Cluster of the build.
 */
export function sampleSecrets(objects: K8sObject[], exampleKeys: string[]): Map<string, Record<string, string>> {
  const samples: Record<string, string> = {
    DATABASE_URL: 'postgres://runnel:secret@db.example.internal:5432/runnel',
    RUNNEL_MASTER_KEY: randomBytes(32).toString('base64'),
    RUNNEL_BOOTSTRAP_TOKEN: randomBytes(32).toString('hex'),
  };
  const secrets = new Map<string, Record<string, string>>();
  secrets.set(
    'runnel-secrets',
    Object.fromEntries(exampleKeys.map((key) => [key, samples[key] ?? `sample of ${key}`])),
  );
  for (const cluster of objects.filter((obj) => obj.kind === 'Cluster')) {
    const name = cluster.metadata.name;
    const values: Record<string, string> = Object.fromEntries(CNPG_APP_SECRET_KEYS.map((k) => [k, `sample ${k}`]));
    values.uri = `postgresql://runnel:secret@${name}-rw.${cluster.metadata.namespace}:5432/runnel`;
    secrets.set(`${name}-app`, values);
  }
  return secrets;
}

/** A container's environment as the pod would see it; a reference to nothing throws, naming it. */
export function environmentOf(
  objects: K8sObject[],
  deployment: K8sObject,
  secrets: Map<string, Record<string, string>>,
): Record<string, string> {
  const where = deployment.metadata.name;
  const container = containerOf(deployment);
  const env: Record<string, string> = {};
  const configMap = (name: string): Record<string, string> =>
    (find(objects, 'ConfigMap', name).data as Record<string, string> | undefined) ?? {};
  for (const source of (container.envFrom ?? []) as JsonObject[]) {
    const ref = source.configMapRef as { name: string } | undefined;
    if (!ref) throw new Error(`${where}: only envFrom configMapRef is handled`);
    Object.assign(env, configMap(ref.name));
  }
  const set = new Set<string>();
  for (const variable of (container.env ?? []) as JsonObject[]) {
    const name = variable.name as string;
    if (set.has(name)) throw new Error(`${where}: ${name} is set twice`);
    set.add(name);
    if ('value' in variable) {
      env[name] = String(variable.value);
      continue;
    }
    const from = variable.valueFrom as JsonObject;
    const secretRef = from.secretKeyRef as { name: string; key: string; optional?: boolean } | undefined;
    const fieldRef = from.fieldRef as { fieldPath: string } | undefined;
    if (secretRef) {
      const value = secrets.get(secretRef.name)?.[secretRef.key];
      if (value !== undefined) env[name] = value;
      else if (!secretRef.optional) {
        throw new Error(
          `${where}: ${name} reads Secret ${secretRef.name} key ${secretRef.key}, which nothing provides`,
        );
      }
    } else if (fieldRef?.fieldPath === 'metadata.name') {
      env[name] = `${where}-7d9f8b6c5-x2x4q`;
    } else {
      throw new Error(`${where}: ${name}: only value, secretKeyRef and fieldRef metadata.name are handled`);
    }
  }
  return env;
}

/** The names of the variables a container sets, directly or through envFrom. */
export function variableNames(objects: K8sObject[], deployment: K8sObject): string[] {
  const container = containerOf(deployment);
  const names = ((container.env ?? []) as JsonObject[]).map((v) => v.name as string);
  for (const source of (container.envFrom ?? []) as JsonObject[]) {
    const ref = source.configMapRef as { name: string };
    names.push(...Object.keys((find(objects, 'ConfigMap', ref.name).data as JsonObject | undefined) ?? {}));
  }
  return [...new Set(names)];
}

/** The variables `load` reads from its environment, recorded by a proxy over `env`. */
export function variablesRead(load: (env: NodeJS.ProcessEnv) => unknown, env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return key in target;
    },
  });
  load(proxy);
  return read;
}

/** The named container port `name`, or a number given as is. */
export function portNumber(container: Container, port: Json | undefined): number {
  if (typeof port === 'number') return port;
  const found = ((container.ports ?? []) as JsonObject[]).find((p) => p.name === port);
  if (!found) throw new Error(`container ${container.name} has no port named ${String(port)}`);
  return found.containerPort as number;
}
