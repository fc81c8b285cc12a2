/**
 * Generated from openapi.json by scripts/generate-client.mjs (npm run generate:openapi).
 * Do not edit: change the server's controllers and regenerate.
 */
export interface paths {
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a login and password for a token */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user a token belongs to */
    get: operations['whoami'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/r/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An HTTP route defined by an HTTP trigger
     * @description Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. Sync routes answer the result, async routes 202 and the job id.
     */
    get: operations['serveHttpRouteGet'];
    /**
     * An HTTP route defined by an HTTP trigger
     * @description Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. Sync routes answer the result, async routes 202 and the job id.
     */
    put: operations['serveHttpRoutePut'];
    /**
     * An HTTP route defined by an HTTP trigger
     * @description Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. Sync routes answer the result, async routes 202 and the job id.
     */
    post: operations['serveHttpRoutePost'];
    /**
     * An HTTP route defined by an HTTP trigger
     * @description Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. Sync routes answer the result, async routes 202 and the job id.
     */
    delete: operations['serveHttpRouteDelete'];
    options?: never;
    head?: never;
    /**
     * An HTTP route defined by an HTTP trigger
     * @description Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. Sync routes answer the result, async routes 202 and the job id.
     */
    patch: operations['serveHttpRoutePatch'];
    trace?: never;
  };
  '/api/users/tokens/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an API token
     * @description Scopes `run:script/<path>` and `run:flow/<path>` limit the token to the run routes of that path; `workspace_id` limits it to one workspace.
     */
    post: operations['createToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/tokens/delete/{prefix}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a token by its prefix */
    delete: operations['deleteToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/tokens/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's tokens, by prefix */
    get: operations['listTokens'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/version': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The server's version */
    get: operations['backendVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/archive/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a flow */
    post: operations['archiveFlowByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deploy a new version of a flow
     * @description The body is a Windmill flow export plus a path, as JSON or YAML. The `x-runnel-flow-version` response header carries the version hash.
     */
    post: operations['createFlow'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get the latest version of a flow */
    get: operations['getFlowByPath'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the latest version of every flow */
    get: operations['listFlows'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/http_triggers/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an HTTP route
     * @description Serves `route_path` (with `:param` segments) at /api/r/ on every replica. `authentication_method`: none, token, basic or signature (HMAC of the raw body).
     */
    post: operations['createHttpTrigger'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/http_triggers/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete an HTTP route */
    delete: operations['deleteHttpTrigger'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/http_triggers/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an HTTP route */
    get: operations['getHttpTrigger'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/http_triggers/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List HTTP routes */
    get: operations['listHttpTriggers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/http_triggers/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replace an HTTP route
     * @description A signature secret left out keeps the old one.
     */
    post: operations['updateHttpTrigger'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List jobs, newest first */
    get: operations['listJobs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/resume_urls/{id}/{resumeId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Signed links to resume or cancel a suspended step */
    get: operations['getResumeUrls'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run/f/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a flow by path (async) */
    post: operations['runFlowByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run/h/{hash}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a script version by hash (async) */
    post: operations['runScriptByHash'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a script by path (async) */
    post: operations['runScriptByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run/preview_flow': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a flow that is not saved */
    post: operations['runFlowPreview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run_wait_result/f/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Run a flow by path and wait for its result (GET) */
    get: operations['runWaitResultFlowByPathGet'];
    put?: never;
    /** Run a flow by path and wait for its result */
    post: operations['runWaitResultFlowByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run_wait_result/h/{hash}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Run a script version by hash and wait for its result (GET) */
    get: operations['runWaitResultScriptByHashGet'];
    put?: never;
    /** Run a script version by hash and wait for its result */
    post: operations['runWaitResultScriptByHash'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run_wait_result/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Run a script by path and wait for its result (GET) */
    get: operations['runWaitResultScriptByPathGet'];
    put?: never;
    /** Run a script by path and wait for its result */
    post: operations['runWaitResultScriptByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/approval_page/{id}/{resumeId}/{signature}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An HTML page with approve and reject buttons (signed link) */
    get: operations['getApprovalPage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/cancel/{id}/{resumeId}/{signature}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reject a suspended step (signed link, GET) */
    get: operations['cancelSuspendedJobGet'];
    put?: never;
    /** Reject a suspended step (signed link) */
    post: operations['cancelSuspendedJobPost'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/completed/get_result/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A job's result */
    get: operations['getCompletedJobResult'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/get/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a job */
    get: operations['getJob'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/get_logs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A job's logs */
    get: operations['getJobLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/queue/cancel/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a queued or running job */
    post: operations['cancelQueuedJob'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/resume/{id}/{resumeId}/{signature}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Resume a suspended step (signed link, GET) */
    get: operations['resumeSuspendedJobGet'];
    put?: never;
    /** Resume a suspended step (signed link) */
    post: operations['resumeSuspendedJobPost'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a NATS subject trigger
     * @description Give `subject` or `subjects` (wildcards allowed).
     */
    post: operations['createNatsTrigger'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a NATS trigger */
    delete: operations['deleteNatsTrigger'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/exists/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a NATS trigger exists */
    get: operations['existsNatsTrigger'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a NATS trigger */
    get: operations['getNatsTrigger'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List NATS triggers */
    get: operations['listNatsTriggers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/setenabled/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enable or disable a NATS trigger */
    post: operations['setNatsTriggerEnabled'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/nats_triggers/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a NATS trigger
     * @description Fields left out stay as they are; `path` renames it.
     */
    post: operations['updateNatsTrigger'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a schedule */
    post: operations['createSchedule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a schedule */
    delete: operations['deleteSchedule'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a schedule */
    get: operations['getSchedule'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List schedules */
    get: operations['listSchedules'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/setenabled/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enable or disable a schedule */
    post: operations['setScheduleEnabled'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/schedules/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a schedule
     * @description Fields left out stay as they are.
     */
    post: operations['updateSchedule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/archive/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a script */
    post: operations['archiveScriptByPath'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deploy a new version of a script
     * @description Infers the arguments' JSON Schema from `main`'s signature. Deploying the latest content again makes no version.
     */
    post: operations['createScript'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/get/h/{hash}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get one version of a script by hash */
    get: operations['getScriptByHash'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/get/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get the latest version of a script */
    get: operations['getScriptByPath'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the latest version of every script */
    get: operations['listScripts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** BranchAll */
    BranchAll: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'branchall';
      branches: {
        summary?: string;
        /** @description Default false. When true a failed branch's error becomes its result and the others go on. */
        skip_failure?: boolean;
        modules: components['schemas']['FlowModule'][];
      }[];
      /** @description Default false. */
      parallel?: boolean;
    };
    /** BranchOne */
    BranchOne: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'branchone';
      branches: {
        summary?: string;
        expr: string;
        modules: components['schemas']['FlowModule'][];
      }[];
      default: components['schemas']['FlowModule'][];
    };
    Error: {
      error: {
        /**
         * @description Stable; the message may change.
         * @enum {string}
         */
        code:
          | 'bad_request'
          | 'invalid_json'
          | 'invalid_arguments'
          | 'invalid_script'
          | 'unauthorized'
          | 'forbidden'
          | 'not_found'
          | 'conflict'
          | 'payload_too_large'
          | 'unsupported_media_type'
          | 'job_failed'
          | 'unavailable'
          | 'internal';
        /** @description What went wrong and what to fix, for a human. */
        message: string;
        /** @description For an invalid body: `[{field, message}]`, one per bad field. */
        details?: unknown;
      };
    };
    Flow: {
      workspace_id: string;
      path: string;
      hash: string;
      parent_hash?: string | null;
      summary: string;
      description?: string;
      value: components['schemas']['FlowValue'];
      /** @description JSON Schema of the flow's input. */
      schema?: {
        [key: string]: unknown;
      } | null;
      created_by?: string;
      /** Format: date-time */
      created_at: string;
      archived: boolean;
    };
    /**
     * FlowModule
     * @description One step. `stop_after_if` is evaluated after the step with `result` in scope (on a loop: after each iteration, a break); `stop_after_all_iters_if` (loops, branchall) once every iteration ended, with `result` = the array of results. `sleep` is seconds to wait after the step, `timeout` seconds its job may run (each a number or an input transform).
     */
    FlowModule: {
      /** @description Unique across the whole flow; results are read as `results.<id>`. */
      id: string;
      value: components['schemas']['FlowModuleValue'];
      summary?: string;
      stop_after_if?: components['schemas']['StopAfterIf'];
      stop_after_all_iters_if?: components['schemas']['StopAfterIf'];
      skip_if?: components['schemas']['SkipIf'];
      sleep?: components['schemas']['NumberOrTransform'];
      timeout?: components['schemas']['NumberOrTransform'];
      suspend?: components['schemas']['Suspend'];
      retry?: components['schemas']['Retry'];
      /** @description Default false. When true a failure becomes the step's result and the flow goes on. */
      continue_on_error?: boolean;
      mock?: components['schemas']['Mock'];
      cache_ttl?: number;
      priority?: number;
      delete_after_use?: boolean;
    };
    /** FlowModuleValue */
    FlowModuleValue:
      | components['schemas']['RawScript']
      | components['schemas']['PathScript']
      | components['schemas']['PathFlow']
      | components['schemas']['ForloopFlow']
      | components['schemas']['WhileloopFlow']
      | components['schemas']['BranchOne']
      | components['schemas']['BranchAll']
      | components['schemas']['Identity'];
    /**
     * FlowValue
     * @description The flow: `modules` run in order. `failure_module` runs when the flow fails, with `error` in scope, and its result becomes the flow's result (the flow stays failed). `early_return` names a top-level step whose result is returned to synchronous callers as soon as it is known. `preprocessor_module` and the concurrency, cache and priority fields are accepted for Windmill compatibility and not acted on.
     */
    FlowValue: {
      modules: components['schemas']['FlowModule'][];
      failure_module?: components['schemas']['FlowModule'];
      preprocessor_module?: components['schemas']['FlowModule'];
      /** @description Id of a top-level step: its result is returned to synchronous callers as soon as it is known. */
      early_return?: string;
      same_worker?: boolean;
      concurrent_limit?: number;
      concurrency_key?: string;
      concurrency_time_window_s?: number;
      skip_expr?: string;
      cache_ttl?: number;
      priority?: number;
      flow_env?: {
        [key: string]: string;
      };
    };
    /**
     * ForloopFlow
     * @description `iterator` must evaluate to an array; `parallelism` (parallel loops) caps the iterations running at once, default all.
     */
    ForloopFlow: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'forloopflow';
      modules: components['schemas']['FlowModule'][];
      iterator: components['schemas']['InputTransform'];
      /** @description When true a failed iteration's error becomes its result and the loop goes on. */
      skip_failures?: boolean;
      /** @description Default false. */
      parallel?: boolean;
      parallelism?: components['schemas']['NumberOrTransform'];
    };
    HttpTrigger: {
      workspace_id: string;
      path: string;
      route_path: string;
      workspaced_route?: boolean;
      /** @enum {string} */
      http_method: 'get' | 'post' | 'put' | 'patch' | 'delete';
      script_path: string;
      is_flow: boolean;
      is_async: boolean;
      /** @enum {string} */
      request_type?: 'sync' | 'async';
      /** @enum {string} */
      authentication_method?: 'none' | 'token' | 'basic' | 'signature';
      /** @description The signature scheme, without its secret. */
      signature?: {
        secret?: string;
        header?: string;
        /** @enum {string} */
        algorithm?: 'sha256' | 'sha1' | 'sha512';
        prefix?: string;
        /** @enum {string} */
        encoding?: 'hex' | 'base64';
        signature_key?: string;
        timestamp_key?: string;
        timestamp_header?: string;
        signed_payload?: string;
        tolerance_s?: number;
      } | null;
      basic?: {
        username?: string;
      } | null;
      rate_limit_per_minute?: number | null;
      summary?: string;
      description?: string;
      created_by?: string;
      /** Format: date-time */
      created_at?: string;
      edited_by?: string;
      /** Format: date-time */
      edited_at?: string;
      /** @description Where the route is served, e.g. /api/r/orders/:id. */
      url_path: string;
    };
    /** Identity */
    Identity: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'identity';
      flow?: boolean;
    };
    /** InputTransform */
    InputTransform: components['schemas']['StaticTransform'] | components['schemas']['JavascriptTransform'];
    /** InputTransforms */
    InputTransforms: {
      [key: string]: components['schemas']['InputTransform'];
    };
    /** JavascriptTransform */
    JavascriptTransform: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'javascript';
      expr: string;
    };
    Job: {
      /** Format: uuid */
      id: string;
      workspace_id: string;
      /** @description script, preview, flowscript, flow, flowpreview … */
      kind: string;
      /** @description The same as kind (Windmill name). */
      job_kind: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
      /** @description The script's result; for a failure `{error: {name, message}}`; null until it ends. */
      result: unknown;
      args: {
        [key: string]: unknown;
      };
      script_path?: string | null;
      script_hash?: string | null;
      language: string;
      /** @description Worker group. */
      tag: string;
      /** @description Seconds. */
      timeout?: number;
      attempts: number;
      worker?: string | null;
      /** Format: uuid */
      parent_job?: string | null;
      created_by?: string | null;
      /** Format: date-time */
      created_at?: string;
      /** Format: date-time */
      started_at?: string | null;
      /** Format: date-time */
      completed_at?: string | null;
      duration_ms?: number | null;
      flow_step_id?: string | null;
      schedule_path?: string | null;
      /** Format: date-time */
      scheduled_for?: string | null;
      /** @description http, nats, webhook, schedule … when a trigger started it. */
      trigger_kind?: string | null;
      trigger_path?: string | null;
      /** @description Flow jobs: the definition it runs (a FlowValue). */
      raw_flow?: unknown;
      /** @description Flow jobs: each step's status. */
      flow_status?: unknown;
    };
    JobFailure: {
      error: {
        /** @enum {string} */
        code: 'job_failed' | 'job_canceled';
        message: string;
        /** @description The error's name in the script (TypeError, ValueError…). */
        name?: string;
        stack?: string;
        /** Format: uuid */
        job_id: string;
      };
    };
    /** Mock */
    Mock: {
      enabled: boolean;
      return_value?: unknown;
    };
    NatsTrigger: {
      workspace_id: string;
      path: string;
      /** @description The first of subjects. */
      subject: string;
      subjects: string[];
      script_path: string;
      is_flow: boolean;
      summary?: string | null;
      enabled: boolean;
      created_by?: string;
      /** Format: date-time */
      created_at?: string;
      edited_by?: string;
      /** Format: date-time */
      edited_at?: string;
    };
    NumberOrTransform: unknown;
    /**
     * OpenFlow
     * @description A flow document in Windmill's OpenFlow shape. Objects accept properties that are not listed (a Windmill export carries editor and enterprise fields Runnel ignores); every listed property is checked.
     */
    OpenFlow: {
      summary: string;
      description?: string;
      value: components['schemas']['FlowValue'];
      /** @description JSON Schema of the flow's input. */
      schema?: Record<string, never>;
    };
    /** PathFlow */
    PathFlow: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'flow';
      path: string;
      input_transforms?: components['schemas']['InputTransforms'];
    };
    /** PathScript */
    PathScript: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'script';
      path: string;
      hash?: string | null;
      input_transforms?: components['schemas']['InputTransforms'];
      tag_override?: string | null;
    };
    /** RawScript */
    RawScript: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'rawscript';
      content: string;
      /** @enum {string} */
      language: 'bun' | 'deno' | 'python3' | 'bash';
      input_transforms?: components['schemas']['InputTransforms'];
      path?: string | null;
      lock?: string | null;
      tag?: string | null;
    };
    /** Retry */
    Retry: {
      /** ConstantRetry */
      constant?: {
        attempts?: number;
        seconds?: number;
      };
      /**
       * ExponentialRetry
       * @description Delay before retry n (1-based, counted after the constant attempts) = multiplier * seconds ^ n, +/- random_factor %.
       */
      exponential?: {
        attempts?: number;
        multiplier?: number;
        seconds?: number;
        random_factor?: number;
      };
      /** @description Retry only when this expression is truthy; it sees `result` (the failed job's result). */
      retry_if?: {
        expr: string;
      };
    };
    Schedule: {
      workspace_id: string;
      path: string;
      /** @description Cron, with an optional seconds field. */
      schedule: string;
      /** @description IANA time zone. */
      timezone: string;
      script_path: string;
      is_flow: boolean;
      args: {
        [key: string]: unknown;
      };
      enabled: boolean;
      no_overlap?: boolean;
      /** @description The same as no_overlap (Windmill name). */
      no_flow_overlap?: boolean;
      /** @description Script run when a tick fails. */
      on_failure?: string | null;
      catch_up?: boolean;
      summary?: string | null;
      /** Format: date-time */
      next_fire_at?: string | null;
      /** Format: date-time */
      last_fired_at?: string | null;
      error?: string | null;
      edited_by?: string;
      /** Format: date-time */
      edited_at?: string;
      /** Format: date-time */
      created_at?: string;
    };
    Script: {
      workspace_id: string;
      /** @description The version: a content hash (16 hex digits). */
      hash: string;
      path: string;
      parent_hash?: string | null;
      /** @enum {string} */
      language: 'bun' | 'deno' | 'python3' | 'bash';
      content: string;
      summary?: string;
      description?: string;
      /** @description JSON Schema of main's parameters, inferred at deploy. */
      schema: {
        [key: string]: unknown;
      };
      tag: string;
      timeout?: number | null;
      /** @enum {string|null} */
      network?: 'none' | 'outbound' | 'host' | null;
      created_by?: string;
      /** Format: date-time */
      created_at: string;
      archived: boolean;
    };
    /** SkipIf */
    SkipIf: {
      expr: string;
    };
    /** StaticTransform */
    StaticTransform: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'static';
      value?: unknown;
    };
    /** StopAfterIf */
    StopAfterIf: {
      expr: string;
      /** @description Default false. */
      skip_if_stopped?: boolean;
      /** @description When set, stopping fails the flow with this message instead of ending it successfully. */
      error_message?: string;
    };
    /** Suspend */
    Suspend: {
      /** @description Distinct approvals needed to go on. Default 1. */
      required_events?: number;
      /** @description Seconds to wait for the approvals before the step fails. Default 30 days. */
      timeout?: number;
      resume_form?: {
        schema?: Record<string, never>;
      };
    };
    TruncatedToken: {
      /** @description The first 10 characters; what delete takes. */
      token_prefix: string | null;
      label: string;
      /** Format: date-time */
      expiration: string | null;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      last_used_at: string | null;
      scopes: string[] | null;
      workspace_id: string | null;
    };
    /**
     * WhileloopFlow
     * @description Iterates until a step's stop_after_if, or the loop's own stop_after_if after an iteration, says stop.
     */
    WhileloopFlow: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'whileloopflow';
      modules: components['schemas']['FlowModule'][];
      skip_failures?: boolean;
      /** @description Accepted for Windmill compatibility; iterations run one at a time. */
      parallel?: boolean;
      parallelism?: components['schemas']['NumberOrTransform'];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          login: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description A new API token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: string;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  whoami: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user_id: string;
            username: string;
          };
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The server answers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
    };
  };
  serveHttpRouteGet: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The route path, e.g. orders/42. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The result (sync routes), shaped by `windmill_*` keys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Queued (async routes). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
      /** @description Rate limit of the route exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  serveHttpRoutePut: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The route path, e.g. orders/42. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The result (sync routes), shaped by `windmill_*` keys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Queued (async routes). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
      /** @description Rate limit of the route exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  serveHttpRoutePost: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The route path, e.g. orders/42. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The result (sync routes), shaped by `windmill_*` keys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Queued (async routes). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
      /** @description Rate limit of the route exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  serveHttpRouteDelete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The route path, e.g. orders/42. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The result (sync routes), shaped by `windmill_*` keys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Queued (async routes). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
      /** @description Rate limit of the route exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  serveHttpRoutePatch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The route path, e.g. orders/42. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description The result (sync routes), shaped by `windmill_*` keys. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Queued (async routes). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
      /** @description Rate limit of the route exceeded; see Retry-After. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          label?: string;
          /** Format: date-time */
          expiration?: string | null;
          scopes?: string[] | null;
          workspace_id?: string | null;
        };
      };
    };
    responses: {
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        prefix: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Tokens, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TruncatedToken'][];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  backendVersion: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Version. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version: string;
            /** @constant */
            name: 'runnel';
          };
        };
      };
    };
  };
  archiveFlowByPath: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The flow path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Archived. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The path. */
            archived: string;
          };
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createFlow: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          summary?: string;
          description?: string;
          value: components['schemas']['FlowValue'];
          schema?: Record<string, never> | null;
        };
        'application/yaml': {
          path: string;
          summary?: string;
          description?: string;
          value: components['schemas']['FlowValue'];
          schema?: Record<string, never> | null;
        };
      };
    };
    responses: {
      /** @description The same definition as the latest version: no new version. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description A new version. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getFlowByPath: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The flow path, e.g. f/folder/name. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The flow. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Flow'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listFlows: {
    parameters: {
      query?: {
        /** @description Include archived flows. Default false. */
        show_archived?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Flows by path. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Flow'][];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createHttpTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          route_path: string;
          /** @enum {string} */
          http_method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
          script_path: string;
          is_flow?: boolean;
          is_async?: boolean;
          /** @enum {string} */
          request_type?: 'sync' | 'async';
          /** @enum {string} */
          authentication_method: 'none' | 'token' | 'basic' | 'signature' | 'windmill';
          signature?: {
            secret?: string;
            header: string;
            /** @enum {string} */
            algorithm: 'sha256' | 'sha1' | 'sha512';
            prefix?: string;
            /** @enum {string} */
            encoding?: 'hex' | 'base64';
            signature_key?: string;
            timestamp_key?: string;
            timestamp_header?: string;
            signed_payload?: string;
            tolerance_s?: number;
          } | null;
          basic?: {
            username: string;
            password?: string;
          } | null;
          rate_limit_per_minute?: number | null;
          workspaced_route?: boolean;
          summary?: string;
          description?: string;
        };
      };
    };
    responses: {
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteHttpTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The path. */
            deleted: string;
          };
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getHttpTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The trigger, without secrets. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HttpTrigger'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listHttpTriggers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Triggers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HttpTrigger'][];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateHttpTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          route_path: string;
          /** @enum {string} */
          http_method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
          script_path: string;
          is_flow?: boolean;
          is_async?: boolean;
          /** @enum {string} */
          request_type?: 'sync' | 'async';
          /** @enum {string} */
          authentication_method: 'none' | 'token' | 'basic' | 'signature' | 'windmill';
          signature?: {
            secret?: string;
            header: string;
            /** @enum {string} */
            algorithm: 'sha256' | 'sha1' | 'sha512';
            prefix?: string;
            /** @enum {string} */
            encoding?: 'hex' | 'base64';
            signature_key?: string;
            timestamp_key?: string;
            timestamp_header?: string;
            signed_payload?: string;
            tolerance_s?: number;
          } | null;
          basic?: {
            username: string;
            password?: string;
          } | null;
          rate_limit_per_minute?: number | null;
          workspaced_route?: boolean;
          summary?: string;
          description?: string;
        };
      };
    };
    responses: {
      /** @description Updated. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listJobs: {
    parameters: {
      query?: {
        /** @description Only jobs of this script or flow path. */
        script_path?: string;
        /** @description Only jobs in this status. */
        status?: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
        /** @description Only the steps of this flow job. */
        parent_job?: string;
        /** @description Page number, from 1. Default 1. */
        page?: number;
        /** @description Default 30. */
        per_page?: number;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Jobs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Job'][];
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getResumeUrls: {
    parameters: {
      query?: {
        /** @description Named in the links. */
        approver?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        id: string;
        resumeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The links. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            approvalPage: string;
            resume: string;
            cancel: string;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runFlowByPath: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The flow path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Queued. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runScriptByHash: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        hash: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Queued. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runScriptByPath: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The script path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Queued. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runFlowPreview: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          value: components['schemas']['FlowValue'];
          args?: Record<string, never>;
          schema?: Record<string, never>;
        };
      };
    };
    responses: {
      /** @description Queued. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runWaitResultFlowByPathGet: {
    parameters: {
      query?: {
        /** @description The JSON arguments in URL-safe base64. */
        payload?: string;
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The flow path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  runWaitResultFlowByPath: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The flow path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  runWaitResultScriptByHashGet: {
    parameters: {
      query?: {
        /** @description The JSON arguments in URL-safe base64. */
        payload?: string;
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        hash: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  runWaitResultScriptByHash: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        hash: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  runWaitResultScriptByPathGet: {
    parameters: {
      query?: {
        /** @description The JSON arguments in URL-safe base64. */
        payload?: string;
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The script path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  runWaitResultScriptByPath: {
    parameters: {
      query?: {
        /** @description Headers to pass as arguments, comma-separated. */
        include_header?: string;
        /** @description Query parameters to pass as arguments, comma-separated. */
        include_query?: string;
        /** @description Also pass the body as received, as `raw_string`. */
        raw?: boolean;
        /** @description Pass an object body as `{body: …}` too. */
        wrap_body?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The script path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
        'application/x-www-form-urlencoded': {
          [key: string]: unknown;
        };
        'text/plain': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and `windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The job failed or was canceled; `error` carries its message and `job_id`. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobFailure'];
        };
      };
    };
  };
  getApprovalPage: {
    parameters: {
      query?: {
        /** @description Who approves; default anonymous. */
        approver?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
        /** @description The resume id (an integer) from getResumeUrls. */
        resumeId: string;
        /** @description The link's HMAC. */
        signature: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The page. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  cancelSuspendedJobGet: {
    parameters: {
      query?: {
        /** @description Who approves; default anonymous. */
        approver?: string;
        /** @description Why. */
        reason?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
        /** @description The resume id (an integer) from getResumeUrls. */
        resumeId: string;
        /** @description The link's HMAC. */
        signature: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Rejected. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            rejected: string;
            resume_id: number;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  cancelSuspendedJobPost: {
    parameters: {
      query?: {
        /** @description Who approves; default anonymous. */
        approver?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
        /** @description The resume id (an integer) from getResumeUrls. */
        resumeId: string;
        /** @description The link's HMAC. */
        signature: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          /** @description Why, shown in the flow error. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Rejected: the flow fails, or runs its failure module. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            rejected: string;
            resume_id: number;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getCompletedJobResult: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The result; null while the job runs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Job'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getJobLogs: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The logs so far. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  cancelQueuedJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Canceled. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            canceled: string;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  resumeSuspendedJobGet: {
    parameters: {
      query?: {
        /** @description Who approves; default anonymous. */
        approver?: string;
        /** @description The JSON payload in URL-safe base64. */
        payload?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
        /** @description The resume id (an integer) from getResumeUrls. */
        resumeId: string;
        /** @description The link's HMAC. */
        signature: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Resumed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            resumed: string;
            resume_id: number;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  resumeSuspendedJobPost: {
    parameters: {
      query?: {
        /** @description Who approves; default anonymous. */
        approver?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
        /** @description The resume id (an integer) from getResumeUrls. */
        resumeId: string;
        /** @description The link's HMAC. */
        signature: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description Resumed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            resumed: string;
            resume_id: number;
          };
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createNatsTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          subject?: string;
          subjects?: string[];
          script_path: string;
          is_flow?: boolean;
          summary?: string;
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteNatsTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  existsNatsTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description true or false. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': boolean;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getNatsTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The trigger. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NatsTrigger'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listNatsTriggers: {
    parameters: {
      query?: {
        /** @description Page number, from 1. Default 1. */
        page?: number;
        /** @description Default 100. */
        per_page?: number;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Triggers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NatsTrigger'][];
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  setNatsTriggerEnabled: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enabled: boolean;
        };
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateNatsTrigger: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The trigger path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path?: string;
          subject?: string;
          subjects?: string[];
          script_path?: string;
          is_flow?: boolean;
          summary?: string;
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Updated. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createSchedule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          schedule: string;
          timezone: string;
          script_path: string;
          is_flow?: boolean;
          args?: Record<string, never> | null;
          enabled?: boolean;
          no_overlap?: boolean;
          no_flow_overlap?: boolean;
          on_failure?: string | null;
          catch_up?: boolean;
          summary?: string | null;
        };
      };
    };
    responses: {
      /** @description Created. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Conflicts with an existing resource. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteSchedule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The schedule path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getSchedule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The schedule path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The schedule. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Schedule'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listSchedules: {
    parameters: {
      query?: {
        /** @description Only schedules of this script or flow. */
        path?: string;
        /** @description The same as path. */
        script_path?: string;
        /** @description Only enabled, or disabled, schedules. */
        enabled?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Schedules. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Schedule'][];
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  setScheduleEnabled: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The schedule path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          enabled: boolean;
        };
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateSchedule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The schedule path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          schedule?: string;
          timezone?: string;
          script_path?: string;
          is_flow?: boolean;
          args?: Record<string, never> | null;
          enabled?: boolean;
          no_overlap?: boolean;
          no_flow_overlap?: boolean;
          on_failure?: string | null;
          catch_up?: boolean;
          summary?: string | null;
        };
      };
    };
    responses: {
      /** @description Updated. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  archiveScriptByPath: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The script path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Archived. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The path. */
            archived: string;
          };
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createScript: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path: string;
          /** @enum {unknown} */
          language: 'bun' | 'deno' | 'python3' | 'bash';
          content: string;
          summary?: string;
          description?: string;
          tag?: string;
          timeout?: number;
          /** @enum {unknown} */
          network?: 'none' | 'outbound' | 'host';
          schema?: Record<string, never>;
          parent_hash?: string | null;
          lock?: string | null;
          kind?: string;
        };
      };
    };
    responses: {
      /** @description The same content as the latest version: no new version. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description A new version. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid; the message (and `details`, for a body) says what to fix. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getScriptByHash: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        hash: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The script version. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Script'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  getScriptByPath: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The script path, e.g. f/folder/name. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The script. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Script'];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listScripts: {
    parameters: {
      query?: {
        /** @description Include archived scripts. Default false. */
        show_archived?: boolean;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Scripts by path. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Script'][];
        };
      };
      /** @description No token, an unknown or expired token, or (public routes) a bad credential or signature. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the role in this workspace, or the token is limited to another workspace or path. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
}
