// The fields of CloudNativePG's Cluster (postgresql.cnpg.io/v1) that deploy/k8s/overlays/cnpg uses,
// with their types and allowed values as the operator's API reference gives them. No npm package
// ships the CRD's schema; a field used there and missing here fails the test (unknown field), so
// add it here from the API reference when the overlay grows.

const quantity = { anyOf: [{ type: 'string' }, { type: 'number' }] };
const resources = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requests: { type: 'object', additionalProperties: quantity },
    limits: { type: 'object', additionalProperties: quantity },
  },
};
const labels = { type: 'object', additionalProperties: { type: 'string' } };

export const cnpgClusterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'Cluster' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 50 },
        namespace: { type: 'string' },
        labels,
        annotations: labels,
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['instances'],
      properties: {
        instances: { type: 'integer', minimum: 1 },
        imageName: { type: 'string' },
        primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
        primaryUpdateMethod: { enum: ['switchover', 'restart'] },
        enablePDB: { type: 'boolean' },
        bootstrap: {
          type: 'object',
          additionalProperties: false,
          properties: {
            initdb: {
              type: 'object',
              additionalProperties: false,
              properties: {
                database: { type: 'string' },
                owner: { type: 'string' },
                secret: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name'],
                  properties: { name: { type: 'string' } },
                },
              },
            },
          },
        },
        postgresql: {
          type: 'object',
          additionalProperties: false,
          properties: { parameters: { type: 'object', additionalProperties: { type: 'string' } } },
        },
        storage: {
          type: 'object',
          additionalProperties: false,
          properties: {
            size: { type: 'string' },
            storageClass: { type: 'string' },
            resizeInUseVolumes: { type: 'boolean' },
          },
        },
        affinity: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enablePodAntiAffinity: { type: 'boolean' },
            topologyKey: { type: 'string' },
            podAntiAffinityType: { enum: ['preferred', 'required'] },
            nodeSelector: labels,
          },
        },
        resources,
      },
    },
  },
} as const;
