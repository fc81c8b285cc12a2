export {
  DEFAULT_LIMITS,
  resolveLimits,
  SandboxSetupError,
  type DepsMount,
  type JobError,
  type NetworkPolicy,
  type Sandbox,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';
export { ProcessSandbox, type ProcessSandboxOptions } from './process-sandbox.js';
export { DEDICATED_DEFAULTS, type DedicatedSettings } from './dedicated-runtimes.js';
export { DockerSandbox, type DockerSandboxOptions } from './docker-sandbox.js';
export { containerSpec, LABEL, type ContainerPlan } from './docker-spec.js';
export { firstUnsearchable, inheritedDescriptors } from './host.js';
export {
  identity,
  sandboxMode,
  userNamespaceArgv,
  USERNS_MARK,
  type Identity,
  type SandboxMode,
} from './sandbox-mode.js';
export { slirpCommand } from './network.js';
