/**
 * Generated from openapi.json by scripts/generate-client.mjs (npm run generate:openapi).
 * Do not edit: change the server's controllers and regenerate.
 */
export interface paths {
  '/api/audit/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The instance's audit log: sign-ins, users, workspaces (instance admin) */
    get: operations['listInstanceAuditLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange a login and password for a token
     * @description Failed logins are limited per account and per client address (RUNNEL_LOGIN_FAILURES_*): over the limit, 429 with Retry-After. A successful login resets the account's count.
     */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign a browser out
     * @description Needs the header `x-runnel-csrf: 1`, so another site cannot sign a browser out.
     */
    post: operations['signOut'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign a browser in
     * @description With a login and password, or an API token: sets the HttpOnly, SameSite=Strict `runnel_session` cookie holding a new session token, never shown to the page. It expires after RUNNEL_SESSION_TTL_HOURS (default 7 days), or sooner when the API token signed in with does; then requests answer 401. Requests authenticated by the cookie that change something need the header `x-runnel-csrf: 1`. Failed password sign-ins are throttled as logins are.
     */
    post: operations['signIn'];
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
  '/api/secrets/rewrap': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Re-wrap every data key under the current master key (instance admin)
     * @description After a master key rotation: start the server with the new key in RUNNEL_MASTER_KEY and the old one in RUNNEL_MASTER_KEY_PREVIOUS, call this, then drop RUNNEL_MASTER_KEY_PREVIOUS. One transaction; no secret is decrypted or rewritten. Needs an instance admin; audited as an instance-level `secrets.rewrap`.
     */
    post: operations['rewrapDataKeys'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/accept_invite': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Accept a workspace invitation
     * @description Creates the invited email’s account with this username and password and makes it a member with the invited role; the invitation is spent. Then sign in.
     */
    post: operations['acceptInvite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a user (instance admin)
     * @description Without `password` the user signs in only once one is set. Audited as an instance-level `users.create`; add the user to workspaces with `w/{workspace}/users/add`.
     */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/list_as_instance_admin': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every user (instance admin) */
    get: operations['listUsersAsInstanceAdmin'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/setpassword': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change the caller's password
     * @description `password` needs at least 8 characters. `current_password` is required when the account has a password; a wrong one is 403 and counts as a failed login (RUNNEL_LOGIN_FAILURES_*; over the limit, 429 with Retry-After). Tokens limited to a workspace or to running some paths get 403. Existing tokens and sessions keep working.
     */
    post: operations['setPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
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
     * @description Scopes `run:script/<path>` and `run:flow/<path>` limit the token to the run routes of that path; `workspace_id` limits it to one workspace. A token that expires creates only tokens that expire no later than itself; without `expiration`, the new token expires when the one creating it does.
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
    /**
     * Delete a token by its id, or by its prefix while no other token of yours has it
     * @description The bootstrap token (`bootstrap: true` in the list) answers 409: the server makes it again at every start. Unset RUNNEL_BOOTSTRAP_TOKEN and restart the server to delete it.
     */
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
    /** The caller's tokens, never the tokens themselves */
    get: operations['listTokens'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller, outside any workspace (Windmill shape) */
    get: operations['globalWhoami'];
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
    /**
     * The server's version
     * @description Plain text, as Windmill answers it: the Windmill API version Runnel implements, then Runnel's own, e.g. `v1.819.0 (runnel 0.1.0)`.
     */
    get: operations['backendVersion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/audit/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's audit log (admin) */
    get: operations['listAuditLogs'];
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
     * @description The body is a Windmill flow export plus a path, as JSON or YAML. The `x-runnel-flow-version` response header carries the version hash. Each inline script step (`rawscript`, anywhere in the tree) gets the lock of the packages it imports, stored in the step as `lock` (one sent is ignored); a package that cannot be resolved is a 400 naming the step and the package.
     */
    post: operations['createFlow'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a flow
     * @description Every version at the path, for good (archiveFlowByPath keeps them). Its past runs stay; a trigger or schedule that still names it fails to start it.
     */
    delete: operations['deleteFlowByPath'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/flows/get/v/{version}/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get one version of a flow
     * @description Windmill's route; the version is the hash a deploy answers in `x-runnel-flow-version` (and the history lists). A version of another path is a 404.
     */
    get: operations['getFlowVersion'];
    put?: never;
    post?: never;
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
  '/api/w/{workspace}/flows/history/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the versions of a flow
     * @description Newest first: version hash, summary, author and date of each version, whether it is the current one (what runs by path) and whether it is archived. No document: fetch a version with getFlowVersion. Windmill's route; its entries are `{id, created_at, deployment_msg}` with a numeric id, Runnel's name the hash.
     */
    get: operations['getFlowHistoryByPath'];
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
  '/api/w/{workspace}/flows/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deploy a new version of an existing flow
     * @description Windmill's route (`wmill flow push` of a flow that exists): createFlow's body and answers, except that a path with no version is a 404. The body may leave out `path`; one that differs from the URL is a 400 (renaming a flow is not supported).
     */
    post: operations['updateFlow'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a folder
     * @description Its creator may write it (`u/<creator>: true`) unless `extra_perms` says otherwise.
     */
    post: operations['createFolder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/delete/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete an empty folder */
    delete: operations['deleteFolder'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/exists/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Whether a folder exists
     * @description One the caller may not read answers false, as a get answers 404.
     */
    get: operations['existsFolder'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/get/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a folder */
    get: operations['getFolder'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the folders the caller may read */
    get: operations['listFolders'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/folders/update/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a folder's summary or grants
     * @description Needs write permission on the folder (admins have it everywhere).
     */
    post: operations['updateFolder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/adduser/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a member of the workspace to a group */
    post: operations['addUserToGroup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a group */
    post: operations['createGroup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/delete/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a group and every folder grant to it */
    delete: operations['deleteGroup'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/get/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a group */
    get: operations['getGroup'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List groups with their members */
    get: operations['listGroups'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/groups/removeuser/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Remove a member from a group */
    post: operations['removeUserToGroup'];
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
     * @description Serves `route_path` (with `:param` segments) at /api/r/{workspace}/{route_path} on every replica; no other workspace's route can answer there. `authentication_method`: none, token, basic or signature (HMAC of the raw body). The caller's credentials are never stored in the job's arguments.
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
  '/api/w/{workspace}/jobs/approvals/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve a suspended step as the signed-in member
     * @description The body is the payload the next steps see as `resume`, checked against the step's resume form (400 with `details` by field). The rules of the step apply as to a signed link answered signed in (ADR 0013): each member counts once, `self_approval_disabled` refuses whoever started the run. 403 says which rule refused; 409 when the step no longer waits.
     */
    post: operations['approveStep'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/approvals/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reject a suspended step as the signed-in member
     * @description The flow fails as rejected (or runs its failure module). The rules of the step apply as to a signed link answered signed in (ADR 0013): each member counts once, `self_approval_disabled` refuses whoever started the run. 403 says which rule refused; 409 when the step no longer waits.
     */
    post: operations['rejectStep'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/flow/approvals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The steps of a flow run that wait for approval, as the caller would meet them
     * @description Empty when none waits (or the run ended). `answer_as` and `refusal` are for the caller.
     */
    get: operations['listFlowApprovals'];
    put?: never;
    post?: never;
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
    /**
     * Signed links to resume or cancel a suspended step
     * @description The links start with RUNNEL_BASE_URL (default: the address the server listens on).
     */
    get: operations['getResumeUrls'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/run/dependencies_async': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Lock a script's imports (Windmill's dependencies job)
     * @description Resolves what the script imports with the resolver a deploy uses (Runnel's lock format) and answers an id whose result getCompletedJobResultMaybe answers as `{lock}` ("" when it imports nothing); a package that cannot be resolved is a failed result naming it. Windmill queues a job; Runnel answers when the lock is resolved, and keeps the result an hour for the caller alone. Workspace dependency files are not supported.
     */
    post: operations['runRawScriptDependenciesAsync'];
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
  '/api/w/{workspace}/jobs/run/flow_dependencies_async': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Lock a flow's inline steps (Windmill's flow dependencies job)
     * @description Checks the flow and locks the imports of each inline step as a deploy would; answers an id whose result getCompletedJobResultMaybe answers as `{updated_flow_value}`, each step with its `lock`. An invalid flow or a package that cannot be resolved is a failed result saying why.
     */
    post: operations['runFlowDependenciesAsync'];
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
  '/api/w/{workspace}/jobs/run/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run code that is not deployed
     * @description Reads `main`'s parameters as a deploy would and checks `args` against them, and locks the packages the code imports (a lock of the same packages from the last few minutes is reused). A job of kind `preview`.
     */
    post: operations['runScriptPreview'];
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
  '/api/w/{workspace}/jobs/run/preview_step': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run one step of a flow that is not saved
     * @description Evaluates the step's input transforms as a flow run would (the same QuickJS sandbox), against `flow_input`, `results` and `previous_result` (usually those of the last test run), then queues what the step runs: inline code as a preview job, a script or a flow by path in this workspace. An identity step answers previous_result without a job; loops and branches are refused (test them with the whole flow). An expression that fails is a 400 naming the input.
     */
    post: operations['runStepPreview'];
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
  '/api/w/{workspace}/jobs/run_wait_result/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run code that is not deployed and wait for its result */
    post: operations['runScriptPreviewAndWaitResult'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List jobs newest first, by cursor, without their payloads
     * @description Rows carry no arguments, results or logs (get a job for those). Pages follow each other by `cursor`, so jobs queued meanwhile neither shift nor repeat a page.
     */
    get: operations['listRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/approval/{id}/{resumeId}/{signature}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The approval a signed link answers (JSON): the step, who may answer, its resume form
     * @description What the app's approval page shows. Signed in (a bearer token, or the app's session), `answer_as` and `refusal` are for that user; otherwise for the name signed into the link, or anonymous.
     */
    get: operations['getApprovalByLink'];
    put?: never;
    post?: never;
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
    /**
     * Open a signed link (GET): redirects to the app's approval page; changes nothing
     * @description The page (`/approve/{workspace}/{id}/{resumeId}/{signature}` in the app) shows the step and its resume form; its buttons POST. An altered link answers 401 or 403 here.
     */
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
    /**
     * Open a signed link (GET of a cancel link): redirects to the app's approval page; changes nothing
     * @description The page (`/approve/{workspace}/{id}/{resumeId}/{signature}` in the app) shows the step and its resume form; its buttons POST. An altered link answers 401 or 403 here.
     */
    get: operations['cancelSuspendedJobGet'];
    put?: never;
    /**
     * Reject a suspended step (signed link)
     * @description Send `Authorization: Bearer <token>` (or, from the app, its session cookie with `X-Runnel-CSRF: 1`) to answer as a signed-in member (required by the step's `user_auth_required`); the approver recorded is that user, else the name signed into the link, else anonymous. 400 when the payload does not fit the resume form (`details` by field); 403 when the approval rules refuse (this approver already approved, self-approval is disabled, the role is too low); 409 when the step is not waiting.
     */
    post: operations['cancelSuspendedJobPost'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/jobs_u/completed/get/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A job that ended, with its logs
     * @description Answers 404 until the job ends (Windmill clients poll it so).
     */
    get: operations['getCompletedJob'];
    put?: never;
    post?: never;
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
  '/api/w/{workspace}/jobs_u/completed/get_result_maybe/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A job's result if it has completed
     * @description Windmill's poll: `{completed: false}` while the job is queued or running, then `completed`, `success` and `result`. Answers dependency locks (runRawScriptDependenciesAsync) and any job the caller may read.
     */
    get: operations['getCompletedJobResultMaybe'];
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
    /**
     * Get a job
     * @description Runnel's fields, and Windmill's beside them: `type` (QueuedJob, CompletedJob), `running`, `success` once it ended, and for a flow `flow_status` with each module's status in Windmill's words (`type`), its step `job` and, for loops and branchall, `flow_jobs`.
     */
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
  '/api/w/{workspace}/jobs_u/getupdate/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A job's new logs and state since the last poll
     * @description When nothing is new (no logs past `log_offset`, `running` as the caller says, not ended), waits up to 500 ms for the job to end before answering.
     */
    get: operations['getJobUpdates'];
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
    /**
     * Open a signed link (GET of a resume link): redirects to the app's approval page; changes nothing
     * @description The page (`/approve/{workspace}/{id}/{resumeId}/{signature}` in the app) shows the step and its resume form; its buttons POST. An altered link answers 401 or 403 here.
     */
    get: operations['resumeSuspendedJobGet'];
    put?: never;
    /**
     * Approve a suspended step (signed link)
     * @description Send `Authorization: Bearer <token>` (or, from the app, its session cookie with `X-Runnel-CSRF: 1`) to answer as a signed-in member (required by the step's `user_auth_required`); the approver recorded is that user, else the name signed into the link, else anonymous. 400 when the payload does not fit the resume form (`details` by field); 403 when the approval rules refuse (this approver already approved, self-approval is disabled, the role is too low); 409 when the step is not waiting.
     */
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
     * @description Give `subject` or `subjects` (wildcards allowed), relative to the workspace's namespace: the trigger serves `<RUNNEL_NATS_PREFIX>.ws.<workspace>.<subject>`, where publishers publish.
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
  '/api/w/{workspace}/public/forms/run_wait_result/script/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run a script whose form page is public and wait for its result (no token)
     * @description Only the script at this path, only while its form page is public. Limited per client address (RUNNEL_PUBLIC_FORM_RUNS_PER_MIN a minute): 429 with Retry-After beyond.
     */
    post: operations['runPublicFormAndWaitResult'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/public/forms/script/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The form of a script whose form page is public (no token) */
    get: operations['getPublicForm'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a resource
     * @description A 400 names every field that does not match the type. Writing a secret field needs the server to have RUNNEL_MASTER_KEY (503 otherwise).
     */
    post: operations['createResource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a resource */
    delete: operations['deleteResource'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/exists/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a resource exists */
    get: operations['existsResource'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/file_resource_type_to_file_ext_map': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Resource types whose value is a file, and its extension (none in Runnel) */
    get: operations['fileResourceTypeToFileExtMap'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a resource
     * @description Secret fields are null in `value` and named in `secret_fields`.
     */
    get: operations['getResource'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/get_value/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A resource's value
     * @description Secret fields are null; `$var:` fields are the references. Jobs get the resolved value.
     */
    get: operations['getResourceValue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List resources */
    get: operations['listResource'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/reveal/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reveal a resource's secret fields (admin; audited)
     * @description The value with its secret fields in plaintext. Writes a `resources.reveal` audit entry.
     */
    post: operations['revealResource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a resource type
     * @description A JSON Schema describing a resource's fields. A field with `format: "password"` is secret: resources store it encrypted and never return it. Names are snake_case and may not be a built-in type.
     */
    post: operations['createResourceType'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/delete/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a resource type
     * @description Refused (409) while resources use it; built-in types are read-only (403).
     */
    delete: operations['deleteResourceType'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/exists/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a resource type exists */
    get: operations['existsResourceType'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/get/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a resource type */
    get: operations['getResourceType'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List resource types
     * @description The built-in types first, then the workspace's own, by name.
     */
    get: operations['listResourceType'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/type/update/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a resource type
     * @description Built-in types are read-only (403). Existing resources are checked against the new schema when next written.
     */
    post: operations['updateResourceType'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/resources/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a resource
     * @description Fields left out stay; `path` renames. A new `value` replaces the old one, except secret fields left out or null, which keep their stored value. A new `resource_type` needs a new `value`.
     */
    post: operations['updateResource'];
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
  '/api/w/{workspace}/schedules/exists/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a schedule exists */
    get: operations['existsSchedule'];
    put?: never;
    post?: never;
    delete?: never;
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
  '/api/w/{workspace}/schedules/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Describe a cron expression and list its next fire times
     * @description Nothing is saved. A bad expression or time zone is the 400 that create would give. The times are instants; show them in `timezone`.
     */
    get: operations['previewSchedule'];
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
     * @description Infers the arguments' JSON Schema from `main`'s signature and locks the packages the code imports (npm for Bun and Deno, pip for Python) to exact versions, stored as the version's `lock`. Deploying the latest content again relocks, and makes no version unless the lock changed. Takes the fields of Windmill's NewScript too (what Runnel does not act on is stored and answered, see Script); an unknown field is a 400 naming it. A package that cannot be resolved is a 400 naming it and quoting the tool; locking that takes longer than the server allows (RUNNEL_DEPS_RESOLVE_TIMEOUT_S) is a 503.
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
  '/api/w/{workspace}/scripts/history/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the versions of a script
     * @description Newest first: hash, summary, author and date of each version, whether it is the current one (what runs by path) and whether it is archived. No code: fetch a version with getScriptByHash.
     */
    get: operations['getScriptHistoryByPath'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/scripts/infer_schema': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Read main's parameters as a JSON Schema
     * @description The same parser as a deploy, without storing anything; `schema_overrides` laid on as a deploy would. A script it cannot read is a 400 `invalid_script` whose `details.line` and `details.column` (1-based, null if unknown) locate the error.
     */
    post: operations['inferScriptSchema'];
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
  '/api/w/{workspace}/scripts/public_form/p/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Open or close a script's form page to anyone signed out */
    post: operations['setScriptPublicForm'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/add': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add an existing user by email or username (admin)
     * @description An email without an account answers 404: invite it with `users/invite`.
     */
    post: operations['addMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/delete/{username}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a member (admin)
     * @description Removing the last admin answers 409. The user and their tokens remain; they no longer open this workspace.
     */
    delete: operations['removeMember'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/invite': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Invite an email that has no account yet (admin)
     * @description Answers a one-time token, valid 7 days, that creates the account (`/api/users/accept_invite`); Runnel sends no email. Inviting the same email again replaces the earlier token. An email with an account answers 409: add it with `users/add`.
     */
    post: operations['inviteMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's members and their roles (admin) */
    get: operations['listMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/set_role/{username}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a member's role (admin)
     * @description Demoting the last admin answers 409.
     */
    post: operations['setMemberRole'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/users/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller in a workspace (Windmill shape) */
    get: operations['workspaceWhoami'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a variable
     * @description A secret (`is_secret: true`) is stored encrypted and its value is never returned; writing one needs the server to have RUNNEL_MASTER_KEY (503 otherwise). `value` is at most 64 KiB of UTF-8.
     */
    post: operations['createVariable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/delete/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a variable */
    delete: operations['deleteVariable'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/exists/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a variable exists */
    get: operations['existsVariable'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/get/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a variable
     * @description A secret's `value` is null, unless a workspace admin asks with `decrypt_secret=true` (Windmill's `wmill sync push --plain-secrets` does): then it is the plaintext, audited as `variables.reveal`.
     */
    get: operations['getVariable'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/get_value/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A plain variable's value
     * @description A secret answers 403: an admin reveals one with `reveal/{path}`.
     */
    get: operations['getVariableValue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List variables
     * @description Secrets are listed with `value: null`.
     */
    get: operations['listVariable'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/reveal/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reveal a secret's value (admin; audited)
     * @description Writes a `variables.reveal` entry to the audit log with who asked and from which address.
     */
    post: operations['revealVariable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/variables/update/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change a variable
     * @description Fields left out stay as they are; `path` renames it. A secret becomes plain only with a new `value`.
     */
    post: operations['updateVariable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/workspaces/change_workspace_name': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rename a workspace (admin)
     * @description The id stays; it is in every URL and path. Audited as `workspaces.update`.
     */
    post: operations['changeWorkspaceName'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/workspaces/get': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A workspace the caller is a member of */
    get: operations['getWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/workspaces/list_ws_specific': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Items marked workspace-specific (always empty in Runnel) */
    get: operations['listWorkspaceSpecific'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/w/{workspace}/workspaces/tarball': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The workspace as files, in a ZIP archive (what `wmill sync pull` reads)
     * @description Folders (`f/<name>/folder.meta.json`), scripts (`<path>.py|ts|deno.ts|sh` and `<path>.script.json`), flows (`<path>.flow.json`), variables, resources, the workspace's resource types and (when asked) schedules, as JSON; only what the caller may read. Secrets leave only in plaintext to an admin who asked (audited as reveals); other query parameters of Windmill are accepted and ignored.
     */
    get: operations['tarballWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Worker groups, their queue depth and live workers
     * @description Every group with a queue (a durable consumer) or a live worker. A worker is live while its heartbeats arrive (every WORKER_HEARTBEAT_MS; gone after 3 missed). Any signed-in user.
     */
    get: operations['listWorkerGroups'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspaces/create': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a workspace (instance admin)
     * @description The caller becomes its first admin. Audited as an instance-level `workspaces.create`.
     */
    post: operations['createWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspaces/exists': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Whether the caller is a member of a workspace
     * @description Windmill's clients check a workspace with this before using it. A workspace the caller is not a member of answers `false`, as one that does not exist: existence is not told to outsiders.
     */
    post: operations['existsWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspaces/list': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspaces the caller is a member of */
    get: operations['listUserWorkspaces'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspaces/list_as_instance_admin': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every workspace (instance admin) */
    get: operations['listWorkspacesAsInstanceAdmin'];
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
    Approval: {
      /**
       * Format: uuid
       * @description The suspended step job: what approve and reject name.
       */
      job: string;
      /** Format: uuid */
      flow_job: string;
      /** @description The flow; null for an unsaved flow (a preview). */
      flow_path: string | null;
      step_id: string;
      /**
       * @description waiting, or how the wait ended (`ended`: the run ended around it, e.g. it was canceled).
       * @enum {string}
       */
      state: 'waiting' | 'approved' | 'rejected' | 'timed_out' | 'ended';
      /** @description Why the step failed (a rejection, a timeout). */
      message: string | null;
      /** @description Distinct approvals needed. */
      required_events: number;
      /** @description Who approved so far, in order. */
      approvers: string[];
      /**
       * Format: date-time
       * @description When the step fails if still waiting.
       */
      timeout_at: string;
      /** @description The JSON Schema of the approval's payload (`suspend.resume_form.schema`); null when none. */
      resume_form: {
        [key: string]: unknown;
      } | null;
      user_auth_required: boolean;
      self_approval_disabled: boolean;
      /** @description The username of who started the run. */
      started_by: string | null;
      /** @description Who this caller would be recorded as. */
      answer_as: string;
      /** @description Why this caller may not answer now (the approval rules, or the step no longer waits); null when it may. */
      refusal: string | null;
    };
    AuditEntry: {
      id: string;
      /** @description null for an instance-level entry. */
      workspace_id: string | null;
      /** Format: date-time */
      at: string;
      /** @description Who; for a failed sign-in, the login that was tried. */
      username: string;
      /** @description `<area>.<verb>`, e.g. `variables.reveal`, `auth.sign_in_failed`. */
      action: string;
      path: string | null;
      /** @description The client address of the request. */
      from_address: string | null;
      details: Record<string, never>;
    };
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
    CompletedJob: {
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
      /** @description How far the job says it is, 0 to 100 (the SDK's setProgress). */
      progress?: number | null;
      flow_step_id?: string | null;
      schedule_path?: string | null;
      /** Format: date-time */
      scheduled_for?: string | null;
      /** @description http, nats, webhook, schedule … when a trigger started it. */
      trigger_kind?: string | null;
      trigger_path?: string | null;
      /** @description Flow jobs: the definition it runs (a FlowValue). */
      raw_flow?: unknown;
      flow_status?: components['schemas']['FlowStatus'];
      /**
       * @description CompletedJob once it ended.
       * @enum {string}
       */
      type: 'QueuedJob' | 'CompletedJob';
      /** @description Whether a worker runs it now. */
      running: boolean;
      /** @description Completed jobs: whether it succeeded. */
      success: boolean;
      canceled: boolean;
      is_flow_step: boolean;
      /** @description Every attempt, in order. */
      logs: string;
      is_skipped?: boolean;
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
          | 'rate_limited'
          | 'request_timeout'
          | 'uri_too_long'
          | 'headers_too_large'
          | 'job_failed'
          | 'unavailable'
          | 'internal';
        /** @description What went wrong and what to fix, for a human. */
        message: string;
        /** @description For an invalid body: `[{field, message}]`, one per bad field; for `rate_limited`: `{retry_after_s}`, also sent as Retry-After. */
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
    FlowStatus: {
      /** @enum {string} */
      status: 'running' | 'success' | 'failure' | 'canceled';
      /** @description The index of the first module that has not ended. */
      step: number;
      modules: components['schemas']['FlowStatusModule'][];
      failure_module?: components['schemas']['FlowStatusModule'];
    };
    FlowStatusModule: {
      id: string;
      /**
       * @description The status in Windmill's words.
       * @enum {string}
       */
      type: 'WaitingForPriorSteps' | 'WaitingForEvents' | 'WaitingForExecutor' | 'InProgress' | 'Success' | 'Failure';
      /** @description The module kind: rawscript, script, flow, forloopflow, … */
      module_type: string;
      /**
       * @description The status in Runnel's words.
       * @enum {string}
       */
      status: 'waiting' | 'running' | 'suspended' | 'success' | 'failure' | 'skipped';
      /**
       * Format: uuid
       * @description The latest step job. A loop or branchall: the last of `flow_jobs` (the nil UUID if it ended with none), unless it ran a job of its own (a suspend).
       */
      job?: string;
      /** @description Every attempt, oldest first, when there was more than one. */
      jobs?: string[];
      /** @description Loops and branchall: per iteration or branch, in order, its first step job. Only grows; an iteration that ended without a job is left out. */
      flow_jobs?: string[];
      flow_jobs_success?: boolean[];
      iterations?: {
        index?: number | string;
        status?: string;
        modules?: components['schemas']['FlowStatusModule'][];
      }[];
      branches?: {
        index?: number | string;
        status?: string;
        modules?: components['schemas']['FlowStatusModule'][];
      }[];
      /** @description branchone: the chosen branch's index or `default`. */
      branch_chosen?: number | string;
      approvers?: {
        resume_id?: number;
        approver?: string;
      }[];
      skipped?: boolean;
      message?: string;
    };
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
      /** @description Inline Bun and Python steps run in a dedicated runtime: one process per step's code, kept warm by the worker for its next runs (docs/adr/0050). Deployed scripts the flow calls follow their own `dedicated`. */
      dedicated?: boolean;
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
    FlowVersion: {
      /** @description The version (getFlowVersion). */
      hash: string;
      /** @description The version it was deployed over; null for the first. */
      parent_hash: string | null;
      summary: string;
      /** @description The id of the user who deployed it. */
      created_by: string;
      /** @description Their username. */
      created_by_username: string | null;
      /** Format: date-time */
      created_at: string;
      /** @description Archived with its path (archiving marks every version). */
      archived: boolean;
      /** @description The path's newest version: what runs by path. */
      current: boolean;
    };
    Folder: {
      name: string;
      summary: string;
      /** @description `u/<user>` or `g/<group>` → true: read and write, false: read only. */
      extra_perms: {
        [key: string]: boolean;
      };
      /** @description The grantees that may write. */
      owners: string[];
      /** @description Username. */
      created_by: string;
      /** Format: date-time */
      created_at: string;
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
    Group: {
      name: string;
      summary: string;
      /** @description Usernames. */
      members: string[];
    };
    HttpTrigger: {
      workspace_id: string;
      path: string;
      route_path: string;
      /** @description Always true: every route is served under its workspace. */
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
      /** @description Where the route is served, e.g. /api/r/main/orders/:id. */
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
    Invitation: {
      email: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'developer' | 'admin';
      /** @description Shown once; the app links to `/invite?token=<token>`. */
      token: string;
      /** Format: date-time */
      expires_at: string;
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
      /** @description How far the job says it is, 0 to 100 (the SDK's setProgress). */
      progress?: number | null;
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
    JobSummary: {
      /** Format: uuid */
      id: string;
      workspace_id?: string;
      /** @enum {string} */
      kind: 'script' | 'preview' | 'flow' | 'flowpreview' | 'flowscript' | 'identity' | 'trigger_error';
      /** @enum {string} */
      status: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
      script_path?: string | null;
      script_hash?: string | null;
      language: string;
      tag: string;
      attempts: number;
      worker?: string | null;
      /** Format: uuid */
      parent_job?: string | null;
      flow_step_id?: string | null;
      created_by?: string | null;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      started_at?: string | null;
      /** Format: date-time */
      completed_at?: string | null;
      duration_ms?: number | null;
      /** @description http, nats, schedule, schedule_on_failure, public_form; null: an API call. */
      trigger_kind?: string | null;
      trigger_path?: string | null;
      schedule_path?: string | null;
      /** Format: date-time */
      scheduled_for?: string | null;
    };
    JobUpdate: {
      running: boolean;
      completed: boolean;
      /** @description The logs from `log_offset` on. */
      new_logs: string;
      /** @description Where the next poll starts: UTF-16 code units into the logs. */
      log_offset: number;
      progress?: number | null;
      flow_status?: components['schemas']['FlowStatus'];
    };
    Member: {
      /** Format: uuid */
      user_id: string;
      username: string;
      email: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'developer' | 'admin';
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
      /** @description Relative to the workspace's namespace `<RUNNEL_NATS_PREFIX>.ws.<workspace>`. */
      subjects: string[];
      /** @description The NATS subjects publishers publish on: each of subjects inside the namespace. */
      full_subjects: string[];
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
      language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
      input_transforms?: components['schemas']['InputTransforms'];
      path?: string | null;
      /** @description The exact versions of the packages the step imports, set by the server at every deploy (a lock sent is ignored); absent when it imports none. */
      lock?: string | null;
      tag?: string | null;
    };
    Resource: {
      workspace_id: string;
      path: string;
      resource_type: string;
      /** @description The fields; a secret field stored sealed is null here (see `secret_fields`); a `$var:<path>` field is the reference, resolved when a job starts. */
      value: {
        [key: string]: unknown;
      };
      /** @description The fields whose value is stored encrypted and never returned. */
      secret_fields: string[];
      description: string;
      created_by?: string;
      /** Format: date-time */
      created_at?: string;
      edited_by?: string;
      /** Format: date-time */
      edited_at?: string;
    };
    ResourceType: {
      /** @description null for a built-in type. */
      workspace_id: string | null;
      name: string;
      /** @description A JSON Schema; fields with `format: "password"` are secret. */
      schema: {
        [key: string]: unknown;
      };
      description: string;
      /** @description Built-in types are in every workspace and read-only. */
      builtin: boolean;
      created_by?: string | null;
      /** Format: date-time */
      edited_at?: string | null;
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
    SchedulePreview: {
      schedule: string;
      timezone: string;
      /** @description The expression in words, with its time zone. */
      description: string;
      /** @description The next fire times. */
      next: string[];
    };
    Script: {
      workspace_id: string;
      /** @description The version: a content hash (16 hex digits). */
      hash: string;
      path: string;
      parent_hash?: string | null;
      /** @enum {string} */
      language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
      content: string;
      summary?: string;
      description?: string;
      /** @description JSON Schema of main's parameters: the one the deploy sent (`schema`, as Windmill's CLI does) exactly as sent, else the one inferred at deploy with `schema_overrides` laid on. Arguments are always checked against the inferred one. */
      schema: {
        [key: string]: unknown;
      };
      /** @description Windmill's script kind (script, failure, trigger, command, approval, preprocessor). Default script. */
      kind: string;
      /** @description main's parameter names in declared order (a form shows its fields in this order). */
      arg_order: string[];
      /** @description The refinements of the form deployed with this version (see createScript). */
      schema_overrides?: {
        [key: string]: unknown;
      } | null;
      /** @description The worker group that runs it; null when the deploy named none (the default group runs it). */
      tag: string | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. Default false. */
      ws_error_handler_muted: boolean;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      dedicated_worker?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      cache_ttl?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      cache_ignore_s3_path?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      concurrent_limit?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      concurrency_time_window_s?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      concurrency_key?: string | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      debounce_key?: string | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      debounce_delay_s?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      debounce_args_to_accumulate?: string[] | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      max_total_debouncing_time?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      max_total_debounces_amount?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      restart_unless_cancelled?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      visible_to_runner_only?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      has_preprocessor?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      no_main_func?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      auto_kind?: string | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      priority?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      delete_after_use?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      delete_after_secs?: number | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      is_template?: boolean | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      envs?: string[] | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      labels?: string[] | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      assets?: unknown[] | null;
      /** @description Windmill's field, stored and answered as deployed; Runnel does not act on it. */
      on_behalf_of_email?: string | null;
      /** @description Its jobs run in a dedicated runtime (docs/adr/0050); the same as dedicated_worker. */
      dedicated?: boolean;
      timeout?: number | null;
      /** @enum {string|null} */
      network?: 'none' | 'outbound' | 'host' | null;
      /** @description CPU cores its jobs may use; null = the worker group's default. */
      cpus?: number | null;
      /** @description Disk quota of its jobs' folder in MiB; null = the group's default. */
      disk_mb?: number | null;
      /** @description The exact versions of the packages it imports, resolved when this version was deployed (its jobs install exactly these); null when it imports none. Deploying again relocks. */
      lock: string | null;
      created_by?: string;
      /** Format: date-time */
      created_at: string;
      archived: boolean;
      /** @description getScriptByPath only: whether its form page is open to anyone (setScriptPublicForm). */
      public_form?: boolean;
    };
    ScriptVersion: {
      /** @description The version (getScriptByHash, runScriptByHash). */
      hash: string;
      /** @description The version it was deployed over; null for the first. */
      parent_hash: string | null;
      summary: string;
      /** @description The id of the user who deployed it. */
      created_by: string;
      /** @description Their username. */
      created_by_username: string | null;
      /** Format: date-time */
      created_at: string;
      /** @description Archived with its path (archiving marks every version). */
      archived: boolean;
      /** @description The path's newest version: what runs by path. */
      current: boolean;
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
    /**
     * Suspend
     * @description Pause after the step until `required_events` approvals from distinct approvers arrive. An approver is the signed-in user, or else the name bound into the signed link when it was made (`resume_urls?approver=`), or else `anonymous`; each approver counts once, whatever number of links they hold. `user_groups_required` (Windmill's approver groups) is refused: Runnel has no user groups yet.
     */
    Suspend: {
      /** @description Distinct approvals needed to go on. Default 1. */
      required_events?: number;
      /** @description Seconds to wait for the approvals before the step fails. Default 30 days. */
      timeout?: number;
      resume_form?: {
        schema?: Record<string, never>;
      };
      /** @description Default false. When true, only a signed-in member of the workspace with the operator role or above may approve or reject, each member counting once; the link alone is not enough. */
      user_auth_required?: boolean;
      /** @description Default false. When true, the user who started the run may not approve or reject it when signed in; with user_auth_required, that means never. */
      self_approval_disabled?: boolean;
      user_groups_required?: components['schemas']['InputTransform'];
    };
    TruncatedToken: {
      /**
       * Format: uuid
       * @description Not secret; what delete takes.
       */
      id: string;
      /** @description The first 4 characters; null for a token shorter than 32 characters. */
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
      /** @description The token of RUNNEL_BOOTSTRAP_TOKEN, which the server makes again at every start: it cannot be deleted while the server is configured with it. */
      bootstrap: boolean;
    };
    User: {
      /** Format: uuid */
      id: string;
      email: string;
      username: string;
      instance_admin: boolean;
      /** Format: date-time */
      created_at: string;
    };
    UserWorkspace: {
      id: string;
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'developer' | 'admin';
    };
    Variable: {
      workspace_id: string;
      path: string;
      /** @description The value; null for a secret, whose value is never returned. */
      value: string | null;
      is_secret: boolean;
      description: string;
      created_by?: string;
      /** Format: date-time */
      created_at?: string;
      edited_by?: string;
      /** Format: date-time */
      edited_at?: string;
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
    WindmillJob: {
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
      /** @description How far the job says it is, 0 to 100 (the SDK's setProgress). */
      progress?: number | null;
      flow_step_id?: string | null;
      schedule_path?: string | null;
      /** Format: date-time */
      scheduled_for?: string | null;
      /** @description http, nats, webhook, schedule … when a trigger started it. */
      trigger_kind?: string | null;
      trigger_path?: string | null;
      /** @description Flow jobs: the definition it runs (a FlowValue). */
      raw_flow?: unknown;
      flow_status?: components['schemas']['FlowStatus'];
      /**
       * @description CompletedJob once it ended.
       * @enum {string}
       */
      type: 'QueuedJob' | 'CompletedJob';
      /** @description Whether a worker runs it now. */
      running: boolean;
      /** @description Completed jobs: whether it succeeded. */
      success?: boolean;
      canceled: boolean;
      is_flow_step: boolean;
    };
    Workspace: {
      id: string;
      name: string;
      /** Format: date-time */
      created_at: string;
      /**
       * @description The caller's role; null: not a member.
       * @enum {string|null}
       */
      role: 'viewer' | 'operator' | 'developer' | 'admin' | null;
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
  listInstanceAuditLogs: {
    parameters: {
      query?: {
        /** @description Entries at or after this instant. */
        after?: string;
        /** @description Entries before this instant. */
        before?: string;
        /** @description Entries of this user (for a failed sign-in: the login tried). */
        username?: string;
        /** @description An action (`variables.reveal`), or an area ending in a dot (`variables.`). */
        action?: string;
        /** @description Entries whose path starts with this. */
        path?: string;
        /** @description Default 1. */
        page?: number;
        /** @description Default 100, at most 1000. */
        per_page?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEntry'][];
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
  signOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The session token is deleted and the cookie cleared. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
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
  signIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              login: string;
              password: string;
            }
          | {
              token: string;
            };
      };
    };
    responses: {
      /** @description Signed in; the session is in the cookie. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user_id: string;
            username: string;
            /** Format: date-time */
            expires_at: string;
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
            /** @description Whether the user may create users and workspaces. */
            instance_admin: boolean;
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
        /** @description The route's workspace, then its path, e.g. main/orders/42. */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
        /** @description The route's workspace, then its path, e.g. main/orders/42. */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
        /** @description The route's workspace, then its path, e.g. main/orders/42. */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
        /** @description The route's workspace, then its path, e.g. main/orders/42. */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
        /** @description The route's workspace, then its path, e.g. main/orders/42. */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  rewrapDataKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Data keys that were wrapped by another key. */
            rewrapped: number;
            total: number;
            /** @description The id of RUNNEL_MASTER_KEY (not the key). */
            master_key_id: string;
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  acceptInvite: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
          username: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description The account made. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            username: string;
            workspace_id: string;
            /** @enum {string} */
            role: 'viewer' | 'operator' | 'developer' | 'admin';
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
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email: string;
          username: string;
          password?: string;
          instance_admin?: boolean;
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
          'application/json': components['schemas']['User'];
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
  listUsersAsInstanceAdmin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description By username. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'][];
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
  setPassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          password: string;
          current_password?: string;
        };
      };
    };
    responses: {
      /** @description Changed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
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
  listTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Tokens, newest first: browser sessions (label `session`) and the bootstrap token included. */
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
  globalWhoami: {
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
            email: string;
            username: string;
            name?: string;
            /** @description Whether the user is an instance admin. */
            super_admin: boolean;
            login_type?: string;
            verified?: boolean;
            operator_only?: boolean;
            first_time_user?: boolean;
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
          'text/plain': string;
        };
      };
    };
  };
  listAuditLogs: {
    parameters: {
      query?: {
        /** @description Entries at or after this instant. */
        after?: string;
        /** @description Entries before this instant. */
        before?: string;
        /** @description Entries of this user (for a failed sign-in: the login tried). */
        username?: string;
        /** @description An action (`variables.reveal`), or an area ending in a dot (`variables.`). */
        action?: string;
        /** @description Entries whose path starts with this. */
        path?: string;
        /** @description Default 1. */
        page?: number;
        /** @description Default 100, at most 1000. */
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
      /** @description Newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditEntry'][];
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteFlowByPath: {
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
  getFlowVersion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        version: string;
        /** @description The flow path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The flow version. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Flow'];
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
  getFlowHistoryByPath: {
    parameters: {
      query?: {
        /** @description Page number, from 1. Default 1. */
        page?: number;
        /** @description Versions per page. Default 100. */
        per_page?: number;
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
      /** @description Versions, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FlowVersion'][];
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
  updateFlow: {
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
    requestBody: {
      content: {
        'application/json': {
          path?: string;
          summary?: string;
          description?: string;
          value: components['schemas']['FlowValue'];
          schema?: Record<string, never> | null;
        };
        'application/yaml': {
          path?: string;
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
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createFolder: {
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
          name: string;
          summary?: string;
          /** @description `u/<user>` or `g/<group>` → true: read and write, false: read only. Replaces the grants. */
          extra_perms?: {
            [key: string]: boolean;
          };
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
  deleteFolder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The folder name (`f/<name>/…`). */
        name: string;
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
  existsFolder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The folder name (`f/<name>/…`). */
        name: string;
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
  getFolder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The folder name (`f/<name>/…`). */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The folder. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Folder'];
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
  listFolders: {
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
      /** @description Folders. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Folder'][];
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
  updateFolder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The folder name (`f/<name>/…`). */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          summary?: string;
          /** @description `u/<user>` or `g/<group>` → true: read and write, false: read only. Replaces the grants. */
          extra_perms?: {
            [key: string]: boolean;
          };
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
  addUserToGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The group name. */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          username: string;
        };
      };
    };
    responses: {
      /** @description Added. */
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
  createGroup: {
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
          name: string;
          summary?: string;
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
  deleteGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The group name. */
        name: string;
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
  getGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The group name. */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The group. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Group'];
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
  listGroups: {
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
      /** @description Groups. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Group'][];
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
  removeUserToGroup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The group name. */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          username: string;
        };
      };
    };
    responses: {
      /** @description Removed. */
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
          /** @description Accepted for Windmill's clients and ignored: every route is served under its workspace, at /api/r/{workspace}/{route_path} (docs/adr/0011-workspace-routes.md). */
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
          /** @description Accepted for Windmill's clients and ignored: every route is served under its workspace, at /api/r/{workspace}/{route_path} (docs/adr/0011-workspace-routes.md). */
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
  approveStep: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id (`job` of listFlowApprovals). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description Approved. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            resumed: string;
            resume_id: number;
            /** @description Who was recorded: the signed-in user, the name in the link, or anonymous. */
            approver: string;
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
  rejectStep: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The suspended step job id. */
        id: string;
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
            /** @description Who was recorded. */
            approver: string;
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
  listFlowApprovals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id. */
        workspace: string;
        /** @description The flow job id. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The waiting approvals. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Approval'][];
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
  listJobs: {
    parameters: {
      query?: {
        /** @description Only jobs of exactly this script or flow path. */
        script_path?: string;
        /** @description Only jobs whose script or flow path starts with this (a folder: `f/sales/`). */
        script_path_start?: string;
        /** @description Only jobs in this status. */
        status?: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
        /** @description Comma-separated kinds: script, preview, flow, flowpreview, flowscript, identity, trigger_error. */
        job_kinds?: string;
        /** @description Comma-separated: http, route, nats, schedule, schedule_on_failure, public_form, api (api: a webhook, the app or another API call). */
        trigger_kind?: string;
        /** @description Only the steps of this flow job. */
        parent_job?: string;
        /** @description true: leave out the steps of flows. */
        top_level?: boolean;
        /** @description Queued at or after. */
        created_after?: string;
        /** @description Queued before. */
        created_before?: string;
        /** @description Started at or after. */
        started_after?: string;
        /** @description Started before. */
        started_before?: string;
        /** @description Default 30. */
        per_page?: number;
        /** @description Page number, from 1. Default 1. */
        page?: number;
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
        /** @description An approver name to sign into the links: who they answer as when not signed in. */
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
  runRawScriptDependenciesAsync: {
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
          raw_scripts: {
            raw_code: string;
            /** @enum {unknown} */
            language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
            script_path?: string;
          }[];
          /** @description Not supported: anything but null or {} is a 400. */
          raw_workspace_dependencies?: Record<string, never> | null;
          entrypoint?: string;
          /** @description Ignored. */
          temp_script_refs?: Record<string, never> | null;
        };
      };
    };
    responses: {
      /** @description Resolved. */
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  runFlowDependenciesAsync: {
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
          /** @description The flow's `value` (modules). */
          flow_value: Record<string, never>;
          path?: string;
          /** @description Ignored. */
          use_local_lockfiles?: boolean | null;
          /** @description Not supported: anything but null or {} is a 400. */
          raw_workspace_dependencies?: Record<string, never> | null;
          /** @description Ignored. */
          temp_script_refs?: Record<string, never> | null;
        };
      };
    };
    responses: {
      /** @description Resolved. */
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  runScriptPreview: {
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
          /** @enum {unknown} */
          language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
          content: string;
          /** @description Checked against the schema `main`'s signature reads as. */
          args?: {
            [key: string]: unknown;
          };
          /** @description Where it will be deployed, if known; shown with the job. */
          path?: string;
          /** @description Worker group. Default: default. */
          tag?: string;
          /** @description Refinements of the form inferred from main's signature, kept across deploys: the fields' `order`, and per parameter title, description, placeholder, format, minimum, maximum, minLength, maxLength, pattern and `enumLabels` (value → text). Refinements of a parameter the code no longer has are dropped. */
          schema_overrides?: {
            order?: string[];
            properties?: {
              [key: string]: {
                title?: string;
                description?: string;
                placeholder?: string;
                format?: string;
                minimum?: number;
                maximum?: number;
                minLength?: number;
                maxLength?: number;
                pattern?: string;
                enumLabels?: {
                  [key: string]: string;
                };
              };
            };
          };
          kind?: string;
          lock?: string | null;
          script_hash?: string | null;
          dedicated_worker?: boolean;
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  runStepPreview: {
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
          module: components['schemas']['FlowModule'];
          /** @description `flow_input` of its expressions: the arguments of the last test of the flow. Default: {}. */
          flow_input?: {
            [key: string]: unknown;
          };
          /** @description `results.<id>` of its expressions: the results of the last test run, by step id. Default: {}. */
          results?: {
            [key: string]: unknown;
          };
          /** @description `previous_result` of its expressions. Default: flow_input, as for a first step. */
          previous_result?: unknown;
        };
      };
    };
    responses: {
      /** @description Queued (or, for an identity step, answered). */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The queued job; null for an identity step. */
            job_id: string | null;
            /**
             * @description What was queued: inline code (a preview job), a script or a flow by path, or nothing.
             * @enum {unknown}
             */
            kind: 'preview' | 'script' | 'flow' | 'identity';
            /** @description The input transforms, evaluated. */
            args: {
              [key: string]: unknown;
            };
            /** @description An identity step's result: previous_result. */
            result?: unknown;
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  runScriptPreviewAndWaitResult: {
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
          /** @enum {unknown} */
          language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
          content: string;
          /** @description Checked against the schema `main`'s signature reads as. */
          args?: {
            [key: string]: unknown;
          };
          /** @description Where it will be deployed, if known; shown with the job. */
          path?: string;
          /** @description Worker group. Default: default. */
          tag?: string;
          /** @description Refinements of the form inferred from main's signature, kept across deploys: the fields' `order`, and per parameter title, description, placeholder, format, minimum, maximum, minLength, maxLength, pattern and `enumLabels` (value → text). Refinements of a parameter the code no longer has are dropped. */
          schema_overrides?: {
            order?: string[];
            properties?: {
              [key: string]: {
                title?: string;
                description?: string;
                placeholder?: string;
                format?: string;
                minimum?: number;
                maximum?: number;
                minLength?: number;
                maxLength?: number;
                pattern?: string;
                enumLabels?: {
                  [key: string]: string;
                };
              };
            };
          };
          kind?: string;
          lock?: string | null;
          script_hash?: string | null;
          dedicated_worker?: boolean;
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  listRuns: {
    parameters: {
      query?: {
        /** @description Only jobs of exactly this script or flow path. */
        script_path?: string;
        /** @description Only jobs whose script or flow path starts with this (a folder: `f/sales/`). */
        script_path_start?: string;
        /** @description Only jobs in this status. */
        status?: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
        /** @description Comma-separated kinds: script, preview, flow, flowpreview, flowscript, identity, trigger_error. */
        job_kinds?: string;
        /** @description Comma-separated: http, route, nats, schedule, schedule_on_failure, public_form, api (api: a webhook, the app or another API call). */
        trigger_kind?: string;
        /** @description Only the steps of this flow job. */
        parent_job?: string;
        /** @description true: leave out the steps of flows. */
        top_level?: boolean;
        /** @description Queued at or after. */
        created_after?: string;
        /** @description Queued before. */
        created_before?: string;
        /** @description Started at or after. */
        started_after?: string;
        /** @description Started before. */
        started_before?: string;
        /** @description Default 30. */
        per_page?: number;
        /** @description The previous page's `next_cursor`; none for the newest. */
        cursor?: string;
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
      /** @description A page of jobs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobs: components['schemas']['JobSummary'][];
            /** @description Pass as `cursor` for the next (older) page; null on the last page. */
            next_cursor: string | null;
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
    };
  };
  getApprovalByLink: {
    parameters: {
      query?: {
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
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
      /** @description The approval. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Approval'];
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
  getApprovalPage: {
    parameters: {
      query?: {
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
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
      /** @description To the app's approval page for this link (a relative Location). */
      303: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
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
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
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
      /** @description To the app's approval page for this link (a relative Location). */
      303: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
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
  cancelSuspendedJobPost: {
    parameters: {
      query?: {
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
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
            /** @description Who was recorded. */
            approver: string;
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
  getCompletedJob: {
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
          'application/json': components['schemas']['CompletedJob'];
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
  getCompletedJobResultMaybe: {
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
      /** @description Whether it completed, and its result. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            completed: boolean;
            started?: boolean;
            success?: boolean;
            /** @description The result once completed; `{lock}` for a dependencies request. */
            result?: unknown;
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
          'application/json': components['schemas']['WindmillJob'];
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
  getJobUpdates: {
    parameters: {
      query?: {
        /** @description Whether the caller saw the job running. Default false. */
        running?: boolean;
        /** @description How much of the logs the caller has, in UTF-16 code units. Default 0. */
        log_offset?: number;
        /** @description Leave the logs out. Default false. */
        no_logs?: boolean;
      };
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
      /** @description The update. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JobUpdate'];
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
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
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
      /** @description To the app's approval page for this link (a relative Location). */
      303: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
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
  resumeSuspendedJobPost: {
    parameters: {
      query?: {
        /** @description The approver name signed into the link by getResumeUrls; one added afterwards is refused (403). */
        approver?: string;
        /** @description The JSON payload in URL-safe base64, when no body is sent. */
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
    requestBody?: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description Approved. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            resumed: string;
            resume_id: number;
            /** @description Who was recorded: the signed-in user, the name in the link, or anonymous. */
            approver: string;
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
  runPublicFormAndWaitResult: {
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
    requestBody?: {
      content: {
        'application/json': {
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
      /** @description Not found: the message names what. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  getPublicForm: {
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
      /** @description The form. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            path: string;
            summary: string;
            description: string;
            /** @description The form: JSON Schema of the arguments. */
            schema: {
              [key: string]: unknown;
            };
          };
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
  createResource: {
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
          /** @description The fields, checked against the type's schema. A field may be "$var:<path>" (resolved when a job starts). Secret fields are stored encrypted; in an update, a secret field left out or null keeps its stored value. */
          value: {
            [key: string]: unknown;
          };
          description?: string;
          resource_type: string;
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteResource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
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
  existsResource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
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
  fileResourceTypeToFileExtMap: {
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
      /** @description An empty map. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
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
  getResource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The resource. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Resource'];
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
  getResourceValue: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The value. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
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
  listResource: {
    parameters: {
      query?: {
        /** @description Page number, from 1. Default 1. */
        page?: number;
        /** @description Default 100. */
        per_page?: number;
        /** @description Only these types, comma-separated (or the parameter repeated). */
        resource_type?: string;
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
      /** @description Resources, by path. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Resource'][];
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
  revealResource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The value. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createResourceType: {
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
          name: string;
          /** @description A JSON Schema with "type": "object"; at most 64 KiB. */
          schema: {
            [key: string]: unknown;
          };
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  deleteResourceType: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        name: string;
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
  existsResourceType: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        name: string;
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
  getResourceType: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The type. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ResourceType'];
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
  listResourceType: {
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
      /** @description Types. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ResourceType'][];
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
  updateResourceType: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A JSON Schema with "type": "object"; at most 64 KiB. */
          schema?: {
            [key: string]: unknown;
          };
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
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
  updateResource: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The resource path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path?: string;
          /** @description The fields, checked against the type's schema. A field may be "$var:<path>" (resolved when a job starts). Secret fields are stored encrypted; in an update, a secret field left out or null keeps its stored value. */
          value?: {
            [key: string]: unknown;
          };
          description?: string;
          resource_type?: string;
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
          args?: {
            [key: string]: unknown;
          } | null;
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
  existsSchedule: {
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
  previewSchedule: {
    parameters: {
      query?: {
        /** @description Cron, 5 fields or 6 with seconds first. */
        schedule?: string;
        /** @description IANA time zone, e.g. Europe/Paris. */
        timezone?: string;
        /** @description How many fire times. */
        count?: number;
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
      /** @description The description and the next fire times. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SchedulePreview'];
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
          args?: {
            [key: string]: unknown;
          } | null;
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
          language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
          content: string;
          summary?: string | null;
          description?: string | null;
          tag?: string | null;
          timeout?: number | null;
          /** @enum {unknown} */
          network?: 'none' | 'outbound' | 'host';
          /** @description CPU cores the script's jobs may use together, e.g. 0.5 or 2. Default: the worker group's WORKER_CPUS (1), which is also the most it allows. */
          cpus?: number;
          /** @description Disk quota of the job's folder (/job) in MiB; writing more fails the job with DiskQuotaExceeded. Default: the worker group's WORKER_DISK_MB (1024), which is also the most it allows. */
          disk_mb?: number;
          /** @description Refinements of the form inferred from main's signature, kept across deploys: the fields' `order`, and per parameter title, description, placeholder, format, minimum, maximum, minLength, maxLength, pattern and `enumLabels` (value → text). Refinements of a parameter the code no longer has are dropped. */
          schema_overrides?: {
            order?: string[];
            properties?: {
              [key: string]: {
                title?: string;
                description?: string;
                placeholder?: string;
                format?: string;
                minimum?: number;
                maximum?: number;
                minLength?: number;
                maxLength?: number;
                pattern?: string;
                enumLabels?: {
                  [key: string]: string;
                };
              };
            };
          };
          /** @description The arguments' JSON Schema as the client wants it answered (Windmill's CLI sends the one it generated): stored as sent and answered as `schema` by getScriptByPath. Arguments are still checked against the schema Runnel infers from main's signature. */
          schema?: Record<string, never> | null;
          parent_hash?: string | null;
          /** @description Accepted for Windmill compatibility and ignored: every deploy locks the imports itself. */
          lock?: string | unknown[] | null;
          /**
           * @description Windmill's script kind, stored and answered; Runnel runs every kind the same way. Default script.
           * @enum {unknown}
           */
          kind?: 'script' | 'failure' | 'trigger' | 'command' | 'approval' | 'preprocessor' | null;
          ws_error_handler_muted?: boolean | null;
          dedicated_worker?: boolean | null;
          cache_ttl?: number | null;
          cache_ignore_s3_path?: boolean | null;
          concurrent_limit?: number | null;
          concurrency_time_window_s?: number | null;
          concurrency_key?: string | null;
          debounce_key?: string | null;
          debounce_delay_s?: number | null;
          debounce_args_to_accumulate?: string[] | null;
          max_total_debouncing_time?: number | null;
          max_total_debounces_amount?: number | null;
          restart_unless_cancelled?: boolean | null;
          visible_to_runner_only?: boolean | null;
          has_preprocessor?: boolean | null;
          no_main_func?: boolean | null;
          auto_kind?: string | null;
          priority?: number | null;
          delete_after_use?: boolean | null;
          delete_after_secs?: number | null;
          is_template?: boolean | null;
          envs?: string[] | null;
          labels?: string[] | null;
          assets?: unknown[] | null;
          on_behalf_of_email?: string | null;
          skip_draft_deletion?: boolean | null;
          auto_parent?: boolean | null;
          deployment_message?: string | null;
          preserve_on_behalf_of?: boolean | null;
          on_behalf_of?: string | null;
          draft_only?: boolean | null;
          codebase?: string | null;
          modules?: Record<string, never> | null;
          /** @description Run its jobs in a dedicated runtime (Bun and Python on a process sandbox): one process per version serves one job after another, so the module is loaded once; jobs of this version share that process's memory (docs/adr/0050). Windmill's dedicated_worker means the same. Default false. */
          dedicated?: boolean;
        };
      };
    };
    responses: {
      /** @description Deployed, as Windmill answers: the `x-runnel-new-version` header says `true` for a new version, `false` when the content, lock and settings equal the latest version (its hash is answered, nothing is stored). */
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
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
  getScriptHistoryByPath: {
    parameters: {
      query?: {
        /** @description Page number, from 1. Default 1. */
        page?: number;
        /** @description Versions per page. Default 100. */
        per_page?: number;
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
      /** @description Versions, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScriptVersion'][];
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
  inferScriptSchema: {
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
          /** @enum {unknown} */
          language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
          content: string;
          /** @description Refinements of the form inferred from main's signature, kept across deploys: the fields' `order`, and per parameter title, description, placeholder, format, minimum, maximum, minLength, maxLength, pattern and `enumLabels` (value → text). Refinements of a parameter the code no longer has are dropped. */
          schema_overrides?: {
            order?: string[];
            properties?: {
              [key: string]: {
                title?: string;
                description?: string;
                placeholder?: string;
                format?: string;
                minimum?: number;
                maximum?: number;
                minLength?: number;
                maxLength?: number;
                pattern?: string;
                enumLabels?: {
                  [key: string]: string;
                };
              };
            };
          };
        };
      };
    };
    responses: {
      /** @description The schema. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description JSON Schema of main's parameters. */
            schema: {
              [key: string]: unknown;
            };
            /** @description Parameter names in declared order. */
            arg_order: string[];
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
  setScriptPublicForm: {
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
    requestBody: {
      content: {
        'application/json': {
          /** @description true: anyone with the link may use the form page. */
          public_form: boolean;
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
          'application/json': {
            public_form?: boolean;
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
  addMember: {
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
          /** @description An email or username. */
          user: string;
          /** @enum {string} */
          role: 'viewer' | 'operator' | 'developer' | 'admin';
        };
      };
    };
    responses: {
      /** @description Added. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Member'];
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
  removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The member. */
        username: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
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
  inviteMember: {
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
          /** Format: email */
          email: string;
          /** @enum {string} */
          role: 'viewer' | 'operator' | 'developer' | 'admin';
        };
      };
    };
    responses: {
      /** @description The invitation; its token is shown once. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Invitation'];
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
  listMembers: {
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
      /** @description By username. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Member'][];
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
  setMemberRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The member. */
        username: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          role: 'viewer' | 'operator' | 'developer' | 'admin';
        };
      };
    };
    responses: {
      /** @description The member. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Member'];
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
  workspaceWhoami: {
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
      /** @description The caller and their role and groups here. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            email: string;
            username: string;
            /** @description Whether the caller's role in the workspace is admin. */
            is_admin: boolean;
            is_super_admin: boolean;
            /** @description Whether the role is operator or viewer: may run, not edit. */
            operator: boolean;
            disabled?: boolean;
            /** Format: date-time */
            created_at?: string;
            /** @description The caller's groups in the workspace. */
            groups: string[];
            /** @description Runnel's role: admin, developer, operator or viewer. */
            role?: string;
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
  createVariable: {
    parameters: {
      query?: {
        /** @description Windmill's `wmill` sends true unless told --plain-secrets. For a plain variable it changes nothing; for a secret's value it is a 400: Runnel has no portable ciphertext (move secrets with --plain-secrets). Default false. */
        already_encrypted?: 'true' | 'false';
      };
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
          value: string;
          is_secret: boolean;
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  deleteVariable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
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
  existsVariable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
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
  getVariable: {
    parameters: {
      query?: {
        /** @description true: a secret's plaintext (admins only; audited). Default false. */
        decrypt_secret?: 'true' | 'false';
        /** @description Accepted for Windmill and ignored. */
        include_encrypted?: string;
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The variable. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Variable'];
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
  getVariableValue: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The value. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
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
  listVariable: {
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
      /** @description Variables, by path. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Variable'][];
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
  revealVariable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The plaintext. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  updateVariable: {
    parameters: {
      query?: {
        /** @description Windmill's `wmill` sends true unless told --plain-secrets. For a plain variable it changes nothing; for a secret's value it is a 400: Runnel has no portable ciphertext (move secrets with --plain-secrets). Default false. */
        already_encrypted?: 'true' | 'false';
      };
      header?: never;
      path: {
        /** @description The workspace id, e.g. main. */
        workspace: string;
        /** @description The variable path. */
        path: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          path?: string;
          value?: string;
          is_secret?: boolean;
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
      /** @description The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload). */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  changeWorkspaceName: {
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
          new_name: string;
        };
      };
    };
    responses: {
      /** @description The workspace renamed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
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
  getWorkspace: {
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
      /** @description The workspace. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
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
  listWorkspaceSpecific: {
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
      /** @description An empty list. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>[];
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
  tarballWorkspace: {
    parameters: {
      query?: {
        /** @description zip (the default). tar answers 400 "Invalid Archive Type", as a Windmill without it does. */
        archive_type?: string;
        /** @description true: secrets in plaintext (admins only; each one is audited as a reveal). Default false. */
        plain_secret?: string;
        /** @description true (default): secret variables and resources with secret fields are left out; without plain_secret=true they are too. */
        skip_secrets?: string;
        /** @description Default false. */
        skip_variables?: string;
        /** @description Default false. */
        skip_resources?: string;
        /** @description Default false. */
        skip_resource_types?: string;
        /** @description Default false. */
        include_schedules?: string;
        /** @description bun (default) or deno: which TypeScript runtime gets the plain `.ts` extension. */
        default_ts?: string;
        /** @description true answers 400: the workspace keys never leave Runnel. Default false. */
        include_key?: string;
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
      /** @description A ZIP archive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
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
  listWorkerGroups: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The groups, by name. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            groups: {
              /** @description The worker group (a script's `tag`). */
              name: string;
              /** @description Jobs waiting in its queue for a worker. */
              pending: number;
              /** @description Jobs handed to a worker and not finished yet. */
              ack_pending: number;
              workers: {
                /** @description WORKER_NAME; a job's `worker`. */
                name: string;
                groups: string[];
                /** @description Jobs it runs now, across its groups. */
                slots_used: number;
                /** @description WORKER_CONCURRENCY. */
                slots_total: number;
                version: string;
                /** Format: date-time */
                started_at: string;
                /** Format: date-time */
                last_heartbeat: string;
              }[];
            }[];
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
      /** @description NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  createWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          id: string;
          name: string;
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
          'application/json': components['schemas']['Workspace'];
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
  existsWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          id: string;
        };
      };
    };
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
  listUserWorkspaces: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description By id, with the caller’s role in each. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserWorkspace'][];
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
  listWorkspacesAsInstanceAdmin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description By id, with the caller's role in each (null: not a member). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'][];
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
