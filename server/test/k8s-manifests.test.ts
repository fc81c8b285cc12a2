import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openapiDocumentPath } from '@runnel/api-contract';
import { natsNames } from '@runnel/protocol';
import { loadWorkerConfig } from '@runnel/worker';
import { loadServerConfig } from '../src/common/config.js';
import { parseMasterKey } from '../src/common/master-key.js';
import { build, idOf, loadYaml, REPO_ROOT, type JsonObject, type K8sObject } from './k8s/kustomize.js';
import { allows, egressRules, selects, type Endpoint, type Pod } from './k8s/network-policy.js';
import { schemaProblems } from './k8s/schemas.js';
import {
  CNPG_APP_SECRET_KEYS,
  containerOf,
  environmentOf,
  find,
  podLabels,
  podSpec,
  portNumber,
  sampleSecrets,
  variableNames,
  variablesRead,
} from './k8s/workloads.js';

// deploy/k8s, built as `kubectl apply -k` would (without kubectl: server/test/k8s/kustomize.ts),
// checked offline: each object against its API's schema, and the references between them and to
// the code — selectors, probes, every variable against the config that reads it, KEDA's stream and
// consumer names against protocol/src/names.ts, NATS's addresses, and the network policies.

const K8S = join(REPO_ROOT, 'deploy/k8s');
const BUILDS: Record<string, K8sObject[]> = {
  base: build(K8S),
  'overlays/cnpg': build(join(K8S, 'overlays/cnpg')),
  'base + components/egress': build(K8S, ['components/egress']),
};
const base = BUILDS.base!;
const cnpg = BUILDS['overlays/cnpg']!;
const GROUPS = ['default', 'heavy', 'gpu'];

/**
 * Variables a pod must set, whose defaults are for one machine: the database, NATS on 127.0.0.1,
 * listening on 127.0.0.1, the prefix KEDA's triggers name, a worker's group and slots (KEDA's target).
 */
const REQUIRED_SERVER = ['DATABASE_URL', 'NATS_URL', 'RUNNEL_NATS_PREFIX', 'HOST', 'PORT'];
const REQUIRED_WORKER = ['NATS_URL', 'RUNNEL_NATS_PREFIX', 'WORKER_GROUPS', 'WORKER_CONCURRENCY'];

const exampleSecret = loadYaml(join(K8S, 'secret.example.yaml'))[0] as K8sObject;
const exampleKeys = Object.keys(exampleSecret.stringData as JsonObject);
const natsValues = loadYaml(join(K8S, 'nats-values.yaml'))[0] as JsonObject;
/** The pod labels of the official chart's servers for release `nats` (its nats.selectorLabels). */
const NATS_RELEASE = 'nats';
const natsPod: Pod = {
  namespace: 'runnel',
  labels: {
    'app.kubernetes.io/name': 'nats',
    'app.kubernetes.io/instance': NATS_RELEASE,
    'app.kubernetes.io/component': 'nats',
  },
};

const deployments = (objects: K8sObject[]) => objects.filter((obj) => obj.kind === 'Deployment');
const workers = (objects: K8sObject[]) =>
  deployments(objects).filter((d) => podLabels(d)['app.kubernetes.io/component'] === 'worker');
const server = (objects: K8sObject[]) => find(objects, 'Deployment', 'runnel-server');
const groupOf = (worker: K8sObject) => podLabels(worker)['runnel.dev/worker-group']!;
const podOf = (deployment: K8sObject): Pod => ({
  namespace: deployment.metadata.namespace!,
  labels: podLabels(deployment),
});

describe('deploy/k8s', () => {
  it('builds to objects that are valid against their API schemas, without unknown fields', () => {
    const problems: string[] = [];
    for (const [name, objects] of Object.entries(BUILDS)) {
      for (const obj of objects) for (const p of schemaProblems(obj)) problems.push(`${name}: ${idOf(obj)}: ${p}`);
    }
    assert.deepEqual(problems, []);
    const kinds = new Set(cnpg.map((obj) => `${obj.apiVersion}/${obj.kind}`));
    for (const kind of ['apps/v1/Deployment', 'keda.sh/v1alpha1/ScaledObject', 'postgresql.cnpg.io/v1/Cluster']) {
      assert.ok(kinds.has(kind), `overlays/cnpg builds a ${kind}`);
    }
    for (const obj of base) {
      if (obj.kind !== 'Namespace') assert.equal(obj.metadata.namespace, 'runnel', `${idOf(obj)} in the namespace`);
    }
  });

  it('selects with each Service and disruption budget the pods of one Deployment', () => {
    for (const d of deployments(cnpg)) {
      assert.ok(
        selects((d.spec as JsonObject).selector as JsonObject, podLabels(d)),
        `${d.metadata.name} selects its own pods`,
      );
    }
    for (const obj of cnpg.filter((o) => o.kind === 'Service' || o.kind === 'PodDisruptionBudget')) {
      const spec = obj.spec as JsonObject;
      const selector = obj.kind === 'Service' ? { matchLabels: spec.selector as JsonObject } : spec.selector;
      const targets = deployments(cnpg).filter((d) => selects(selector as JsonObject, podLabels(d)));
      assert.equal(targets.length, 1, `${idOf(obj)} selects one Deployment's pods, not ${targets.length}`);
      if (obj.kind === 'Service') {
        for (const port of spec.ports as JsonObject[]) portNumber(containerOf(targets[0]!), port.targetPort);
      }
    }
    const budgeted = cnpg.filter((o) => o.kind === 'PodDisruptionBudget').length;
    assert.equal(budgeted, deployments(cnpg).length, 'a disruption budget per Deployment');
  });

  it('runs 2 unprivileged server replicas, probed on /api/health (a route of the API)', () => {
    const deployment = server(base);
    assert.equal((deployment.spec as JsonObject).replicas, 2);
    const container = containerOf(deployment);
    const paths = (JSON.parse(readFileSync(openapiDocumentPath, 'utf8')) as { paths: Record<string, JsonObject> })
      .paths;
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const http = (container[probe] as JsonObject | undefined)?.httpGet as JsonObject | undefined;
      assert.ok(http, `the server has a ${probe} over HTTP`);
      assert.ok(paths[http.path as string]?.get, `${probe} ${String(http.path)} is a GET route of openapi.json`);
      assert.equal(portNumber(container, http.port), 8000);
    }
    assert.equal((podSpec(deployment).securityContext as JsonObject).runAsNonRoot, true);
    assert.notEqual((container.securityContext as JsonObject).privileged, true);
  });

  it('sets only variables the configs read, with values they accept, DATABASE_URL from a Secret', () => {
    const serverRead = variablesRead((env) => loadServerConfig(env), { DATABASE_URL: 'postgres://x@y/z' });
    const workerRead = variablesRead((env) => loadWorkerConfig(env), {});
    for (const [name, objects] of Object.entries(BUILDS)) {
      const secrets = sampleSecrets(objects, exampleKeys);
      const prefixes = new Set<string>();
      for (const d of deployments(objects)) {
        const isServer = d.metadata.name === 'runnel-server';
        const read = isServer ? serverRead : workerRead;
        const unread = variableNames(objects, d).filter((v) => !read.has(v));
        assert.deepEqual(unread, [], `${name}: ${d.metadata.name} sets variables its config never reads`);
        const env = environmentOf(objects, d, secrets);
        const missing = (isServer ? REQUIRED_SERVER : REQUIRED_WORKER).filter((v) => !env[v]);
        assert.deepEqual(missing, [], `${name}: ${d.metadata.name} leaves to a default that is wrong in a pod`);
        // The image is deploy/Dockerfile's: the repository, built, in /app.
        const command = containerOf(d).command as string[];
        assert.equal(command[0], 'node');
        assert.ok(existsSync(join(REPO_ROOT, command[1]!)), `${d.metadata.name} runs ${command[1]}, a built file`);
        if (isServer) {
          const config = loadServerConfig(env);
          assert.equal(config.host, '0.0.0.0', 'the server listens on the pod address');
          assert.equal(config.port, portNumber(containerOf(d), 'http'));
          prefixes.add(config.natsPrefix);
        } else {
          const config = loadWorkerConfig(env);
          assert.deepEqual(config.groups, [groupOf(d)], `${d.metadata.name} serves its own group only`);
          prefixes.add(config.natsPrefix);
        }
      }
      assert.equal(prefixes.size, 1, `${name}: the server and the workers share RUNNEL_NATS_PREFIX`);
    }
    const databaseUrl = (objects: K8sObject[]) =>
      (
        (containerOf(server(objects)).env as JsonObject[]).find((v) => v.name === 'DATABASE_URL')!
          .valueFrom as JsonObject
      ).secretKeyRef as JsonObject;
    assert.deepEqual(databaseUrl(base), { name: 'runnel-secrets', key: 'DATABASE_URL' });
    const cluster = find(cnpg, 'Cluster', 'runnel-db');
    assert.deepEqual(databaseUrl(cnpg), { name: `${cluster.metadata.name}-app`, key: 'uri' });
    assert.ok(CNPG_APP_SECRET_KEYS.includes('uri'));
  });

  it('runs a worker Deployment per group, privileged, the gpu one with a GPU on GPU nodes', () => {
    assert.deepEqual(workers(base).map(groupOf), GROUPS);
    for (const worker of workers(base)) {
      const container = containerOf(worker);
      assert.equal((container.securityContext as JsonObject).privileged, true, 'the process sandbox needs it');
      assert.equal((worker.spec as JsonObject).replicas, undefined, `KEDA, not ${worker.metadata.name}, sets replicas`);
      const env = environmentOf(base, worker, sampleSecrets(base, exampleKeys));
      const config = loadWorkerConfig(env);
      // A job with `outbound` would leave through the pod, which may reach NATS (docs/adr/0042).
      assert.equal(config.network, 'none', `${worker.metadata.name}: jobs without network`);
      const graceMs = config.shutdownGraceMs;
      const podGraceS = podSpec(worker).terminationGracePeriodSeconds as number;
      assert.ok(podGraceS * 1000 > graceMs, `${worker.metadata.name}: the pod outlives the worker's own grace`);
      assert.equal(podSpec(worker).automountServiceAccountToken, false);
    }
    const gpu = find(base, 'Deployment', 'runnel-worker-gpu');
    const limits = (containerOf(gpu).resources as JsonObject).limits as JsonObject;
    assert.ok(Number(limits['nvidia.com/gpu']) >= 1, 'the gpu worker asks for a GPU');
    assert.ok(Object.keys((podSpec(gpu).nodeSelector as JsonObject | undefined) ?? {}).length > 0, 'on GPU nodes');
    const tolerations = podSpec(gpu).tolerations as JsonObject[];
    assert.ok(tolerations.some((t) => t.key === 'nvidia.com/gpu' && t.effect === 'NoSchedule'));
    for (const worker of workers(base).filter((w) => groupOf(w) !== 'gpu')) {
      assert.equal(JSON.stringify(containerOf(worker).resources).includes('nvidia.com/gpu'), false);
      assert.equal(podSpec(worker).nodeSelector, undefined);
    }
  });

  it('scales each worker group with KEDA on its own JetStream consumer, named as protocol/src/names.ts names it', () => {
    const prefix = (find(base, 'ConfigMap', 'runnel-config').data as JsonObject).RUNNEL_NATS_PREFIX as string;
    const names = natsNames(prefix);
    const monitorPort = ((natsValues.config as JsonObject).monitor as JsonObject).port;
    const scaled = base.filter((obj) => obj.kind === 'ScaledObject');
    assert.equal(scaled.length, workers(base).length);
    for (const worker of workers(base)) {
      const mine = scaled.filter(
        (s) => ((s.spec as JsonObject).scaleTargetRef as JsonObject).name === worker.metadata.name,
      );
      assert.equal(mine.length, 1, `one ScaledObject scales ${worker.metadata.name}`);
      const spec = mine[0]!.spec as JsonObject;
      // A group that keeps a pod keeps its durable consumer, and no job of it waits for a pod to start.
      assert.equal(spec.minReplicaCount, groupOf(worker) === 'gpu' ? 0 : 1, `${worker.metadata.name}'s floor`);
      const triggers = spec.triggers as JsonObject[];
      assert.equal(triggers.length, 1);
      assert.equal(triggers[0]!.type, 'nats-jetstream');
      const metadata = triggers[0]!.metadata as Record<string, string>;
      assert.equal(metadata.stream, names.jobsStream);
      assert.equal(metadata.consumer, names.groupConsumer(groupOf(worker)));
      assert.equal(metadata.account, '$G', "NATS's default account: nats-values.yaml configures none");
      assert.equal(
        metadata.natsServerMonitoringEndpoint,
        `${NATS_RELEASE}-headless.runnel.svc.cluster.local:${monitorPort}`,
      );
      const slots = loadWorkerConfig(environmentOf(base, worker, sampleSecrets(base, exampleKeys))).concurrency;
      assert.equal(Number(metadata.lagThreshold), slots, `${worker.metadata.name}: a pod per ${slots} jobs, its slots`);
    }
  });

  it('points NATS_URL at every server of a 3-node JetStream cluster, and keeps streams on 3', () => {
    const config = natsValues.config as JsonObject;
    const cluster = config.cluster as JsonObject;
    const jetstream = config.jetstream as JsonObject;
    assert.equal(cluster.enabled, true);
    assert.equal(cluster.replicas, 3);
    assert.equal(jetstream.enabled, true);
    assert.equal((jetstream.fileStore as JsonObject).enabled, true);
    assert.equal(((jetstream.fileStore as JsonObject).pvc as JsonObject).enabled, true);
    assert.equal((config.monitor as JsonObject).enabled, true, 'KEDA reads /jsz');
    assert.equal((natsValues.podDisruptionBudget as JsonObject).enabled, true, 'drains keep a RAFT majority');
    const spread = (natsValues.podTemplate as JsonObject).topologySpreadConstraints as JsonObject;
    assert.equal((spread['kubernetes.io/hostname'] as JsonObject).whenUnsatisfiable, 'DoNotSchedule', 'a node each');
    const data = find(base, 'ConfigMap', 'runnel-config').data as Record<string, string>;
    const expected = [0, 1, 2].map(
      (i) => `nats://${NATS_RELEASE}-${i}.${NATS_RELEASE}-headless.runnel.svc.cluster.local:4222`,
    );
    assert.deepEqual(data.NATS_URL!.split(','), expected);
    assert.equal(Number(data.RUNNEL_NATS_REPLICAS), cluster.replicas);
  });

  it('lets workers reach NATS and DNS only, and the server NATS, PostgreSQL and DNS', () => {
    const dns: Endpoint = { pod: { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } };
    const keda: Endpoint = { pod: { namespace: 'keda', labels: { app: 'keda-operator' } } };
    const stranger: Endpoint = { pod: { namespace: 'other', labels: { app: 'x' } } };
    const dbPod: Endpoint = { pod: { namespace: 'runnel', labels: { 'cnpg.io/cluster': 'runnel-db' } } };
    const internet: Endpoint = { ip: '140.82.112.3' };
    const inCluster: Endpoint = { ip: '10.96.0.10' };
    const nats: Endpoint = { pod: natsPod };
    for (const [name, objects] of Object.entries(BUILDS)) {
      const api: Endpoint = { pod: podOf(server(objects)) };
      for (const worker of workers(objects)) {
        const w: Endpoint = { pod: podOf(worker) };
        const at = `${name}: ${worker.metadata.name}`;
        assert.ok(allows(objects, w, nats, 4222), `${at} reaches NATS`);
        assert.ok(allows(objects, w, dns, 53, 'UDP'), `${at} resolves names`);
        assert.ok(!allows(objects, w, api, 8000), `${at} does not reach the API`);
        assert.ok(!allows(objects, w, dbPod, 5432), `${at} does not reach PostgreSQL`);
        assert.ok(!allows(objects, w, { ip: '203.0.113.9' }, 5432), `${at} does not reach an external PostgreSQL`);
        assert.ok(!allows(objects, w, nats, 8222), `${at} does not reach NATS's monitoring`);
        assert.ok(!allows(objects, w, inCluster, 443), `${at} does not reach in-cluster addresses`);
        assert.equal(allows(objects, w, internet, 443), name.includes('egress'), `${at}: internet only with egress`);
        assert.ok(!allows(objects, stranger, w, 8000), `${at} takes no connection`);
      }
      assert.ok(allows(objects, api, nats, 4222), `${name}: the server reaches NATS`);
      assert.ok(allows(objects, api, dns, 53, 'UDP'), `${name}: the server resolves names`);
      assert.ok(allows(objects, stranger, api, 8000), `${name}: the API takes HTTP`);
      assert.ok(allows(objects, api, dbPod, 5432), `${name}: the server reaches PostgreSQL`);
      assert.ok(!allows(objects, stranger, nats, 4222), `${name}: NATS takes no client from elsewhere`);
      assert.ok(allows(objects, keda, nats, 8222), `${name}: KEDA reads NATS's monitoring`);
      assert.ok(allows(objects, nats, nats, 6222), `${name}: NATS servers route to each other`);
    }
    // Worker egress rules name NATS's client port or DNS, nothing else.
    for (const worker of workers(base)) {
      for (const { policy, rule } of egressRules(base, podOf(worker))) {
        const ports = (rule.ports as JsonObject[]).map((p) => `${String(p.protocol)}/${String(p.port)}`).sort();
        assert.ok(
          JSON.stringify(ports) === '["TCP/4222"]' || JSON.stringify(ports) === '["TCP/53","UDP/53"]',
          `${policy}: worker egress to ${ports.join(',')}`,
        );
        assert.ok(Array.isArray(rule.to) && (rule.to as JsonObject[]).every((peer) => !peer.ipBlock));
      }
    }
    // With the CloudNativePG overlay the server's PostgreSQL rule is narrowed to its Cluster.
    const overlayApi: Endpoint = { pod: podOf(server(cnpg)) };
    assert.ok(!allows(cnpg, overlayApi, { ip: '203.0.113.9' }, 5432), 'cnpg: no PostgreSQL outside the Cluster');
    assert.ok(allows(base, { pod: podOf(server(base)) }, { ip: '203.0.113.9' }, 5432), 'base: an external one');
    assert.ok(!allows(cnpg, { pod: podOf(workers(cnpg)[0]!) }, dbPod, 5432), "cnpg: the Cluster's own policy too");
  });

  it('keeps the Secret an example: never deployed, no usable value, every key the manifests read', () => {
    for (const [name, objects] of Object.entries(BUILDS)) {
      assert.equal(objects.filter((obj) => obj.kind === 'Secret').length, 0, `${name} deploys no Secret`);
    }
    assert.throws(() => parseMasterKey(String((exampleSecret.stringData as JsonObject).RUNNEL_MASTER_KEY), 'x'));
    assert.match(String((exampleSecret.stringData as JsonObject).DATABASE_URL), /<password>/);
    const required = deployments(base).flatMap((d) =>
      ((containerOf(d).env ?? []) as JsonObject[])
        .map((v) => (v.valueFrom as JsonObject | undefined)?.secretKeyRef as JsonObject | undefined)
        .filter((ref) => ref && ref.name === 'runnel-secrets' && !ref.optional)
        .map((ref) => ref!.key as string),
    );
    assert.ok(required.length >= 3);
    assert.deepEqual(
      required.filter((key) => !exampleKeys.includes(key)),
      [],
      'secret.example.yaml has every key',
    );
  });
});
