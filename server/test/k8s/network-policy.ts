import type { Json, JsonObject, K8sObject } from './kustomize.js';

// Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), enough to ask "may this pod open a
// connection to that one on this port": a pod selected by no policy of a direction is open in that
// direction; a selected pod allows what any rule of any selecting policy allows; a connection
// needs the source's egress and the destination's ingress.

export type Labels = Record<string, string>;
export interface Pod {
  namespace: string;
  labels: Labels;
}
/** A pod, or an address outside the cluster's pods. */
export type Endpoint = { pod: Pod } | { ip: string };

interface Selector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Whether a label selector selects `labels` (an empty selector selects everything). */
export function selects(selector: Selector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

function ipv4(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function inCidr(cidr: string, address: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base!) / size) * size;
  const n = ipv4(address);
  return n >= start && n < start + size;
}

/** Namespaces carry their name as a label (kubernetes.io/metadata.name), set by Kubernetes itself. */
function namespaceLabels(namespace: string): Labels {
  return { 'kubernetes.io/metadata.name': namespace };
}

function peerMatches(peer: JsonObject, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    const block = peer.ipBlock as { cidr: string; except?: string[] };
    if (!('ip' in other)) return false;
    return inCidr(block.cidr, other.ip) && !(block.except ?? []).some((c) => inCidr(c, other.ip));
  }
  if (!('pod' in other)) return false;
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector as Selector, namespaceLabels(other.pod.namespace))
    : other.pod.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector as Selector, other.pod.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(ports: Json | undefined, port: number, protocol: string): boolean {
  const list = (ports ?? []) as { port?: number | string; endPort?: number; protocol?: string }[];
  if (list.length === 0) return true;
  return list.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') throw new Error(`named port ${p.port} in a policy: resolve it first`);
    return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
  });
}

function policiesOf(objects: K8sObject[], pod: Pod, direction: 'Ingress' | 'Egress'): K8sObject[] {
  return objects.filter((obj) => {
    if (obj.kind !== 'NetworkPolicy' || obj.metadata.namespace !== pod.namespace) return false;
    const spec = obj.spec as JsonObject;
    const types = (spec.policyTypes as string[] | undefined) ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])];
    return types.includes(direction) && selects(spec.podSelector as Selector, pod.labels);
  });
}

function allowedBy(
  policies: K8sObject[],
  rulesKey: 'ingress' | 'egress',
  peerKey: 'from' | 'to',
  other: Endpoint,
  port: number,
  protocol: string,
) {
  if (policies.length === 0) return true;
  return policies.some((policy) =>
    (((policy.spec as JsonObject)[rulesKey] ?? []) as JsonObject[]).some((rule) => {
      if (!portMatches(rule.ports, port, protocol)) return false;
      const peers = (rule[peerKey] ?? []) as JsonObject[];
      return peers.length === 0 || peers.some((peer) => peerMatches(peer, policy.metadata.namespace!, other));
    }),
  );
}

/** Whether `from` may open a connection to `to` on `port`, under the NetworkPolicies among `objects`. */
export function allows(objects: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const egress =
    'pod' in from ? allowedBy(policiesOf(objects, from.pod, 'Egress'), 'egress', 'to', to, port, protocol) : true;
  const ingress =
    'pod' in to ? allowedBy(policiesOf(objects, to.pod, 'Ingress'), 'ingress', 'from', from, port, protocol) : true;
  return egress && ingress;
}

/** The egress rules that apply to `pod`, each with the policy it comes from. */
export function egressRules(objects: K8sObject[], pod: Pod): { policy: string; rule: JsonObject }[] {
  return policiesOf(objects, pod, 'Egress').flatMap((policy) =>
    (((policy.spec as JsonObject).egress ?? []) as JsonObject[]).map((rule) => ({
      policy: policy.metadata.name,
      rule,
    })),
  );
}
